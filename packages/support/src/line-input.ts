/**
 * Chunks of a byte or text input: an async or plain iterable of text or bytes (e.g. an array), or
 * a Node readable stream (a file, stdin, an S3 object body). Not a path: open the file yourself.
 */
export type LineInput =
  AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | NodeJS.ReadableStream;
