import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * Chunks of a line-oriented input: an async or plain iterable of text or bytes (e.g. an array), or
 * a Node readable stream. Not a path: see `readWireFile`.
 */
export type LineInput =
  AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | NodeJS.ReadableStream;

const NEWLINE = 0x0a;
/** Bytes per gunzip output chunk: 4x zlib's default, fewer round trips to the thread pool. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits an input into lines, without `\n` or `\r\n`, every line including empty ones so callers
 * can count line numbers. A last line without a newline is still a line; an input ending in a
 * newline has no extra empty line. `gzip`: see `DecodeLinesOptions.gzip`.
 *
 * Lines come in batches (one per input chunk) because one await per line would cost more than
 * decoding it. A line is a string, or its raw bytes when it is not valid UTF-8.
 *
 * @internal
 */
export async function* readLines(
  input: LineInput,
  gzip: 'auto' | boolean,
): AsyncGenerator<(string | Buffer)[], void, undefined> {
  if (typeof input === 'string') {
    throw new TypeError(
      'expected chunks of input, got a string (to read a file, use readWireFile)',
    );
  }
  let carry: Buffer | undefined;
  for await (const chunk of await maybeGunzip(toAsyncIterable(input), gzip)) {
    const bytes = toBuffer(chunk as string | Uint8Array);
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      // Copied: the chunk's memory may be reused by the stream after we hand it back.
      carry = carry === undefined ? Buffer.from(bytes) : Buffer.concat([carry, bytes]);
      continue;
    }
    let lines: (string | Buffer)[];
    if (carry === undefined) {
      lines = splitBlock(bytes.subarray(0, lastNewline));
    } else {
      // Only the line the carry belongs to is copied, not the whole chunk.
      const firstNewline = bytes.indexOf(NEWLINE);
      lines = splitBlock(Buffer.concat([carry, bytes.subarray(0, firstNewline)]));
      if (firstNewline < lastNewline) {
        lines = lines.concat(splitBlock(bytes.subarray(firstNewline + 1, lastNewline)));
      }
      carry = undefined;
    }
    if (lastNewline + 1 < bytes.length) carry = Buffer.from(bytes.subarray(lastNewline + 1));
    yield lines;
  }
  if (carry !== undefined) yield splitBlock(carry);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The lines of a block that holds whole lines only (no final newline). */
function splitBlock(block: Buffer): (string | Buffer)[] {
  let text: string;
  try {
    text = utf8.decode(block);
  } catch {
    return splitBytes(block);
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === CARRIAGE_RETURN) {
      lines[i] = line.slice(0, -1);
    }
  }
  return lines;
}

/** The slow way, for a block with bad UTF-8 somewhere: line by line, bad lines as bytes. */
function splitBytes(block: Buffer): (string | Buffer)[] {
  const lines: (string | Buffer)[] = [];
  let start = 0;
  for (;;) {
    const newline = block.indexOf(NEWLINE, start);
    let line = block.subarray(start, newline === -1 ? block.length : newline);
    if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, -1);
    try {
      lines.push(utf8.decode(line));
    } catch {
      lines.push(Buffer.from(line));
    }
    if (newline === -1) return lines;
    start = newline + 1;
  }
}

/** @internal */
export function toBuffer(chunk: string | Uint8Array): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function toAsyncIterable(input: LineInput): AsyncIterable<string | Uint8Array> {
  if (Symbol.asyncIterator in input) return input as AsyncIterable<string | Uint8Array>;
  const items = input as Iterable<string | Uint8Array>;
  return (async function* () {
    yield* items;
  })();
}

async function maybeGunzip(
  input: AsyncIterable<string | Uint8Array>,
  gzip: 'auto' | boolean,
): Promise<AsyncIterable<string | Uint8Array>> {
  if (gzip === false) return input;
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  // Peek until two bytes are known; the peeked chunks are replayed below.
  while (headLength < 2) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes = toBuffer(next.value);
    head.push(bytes);
    headLength += bytes.length;
  }
  const first = Buffer.concat(head);
  const isGzip = gzip === true || (first[0] === 0x1f && first[1] === 0x8b);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (first.length > 0) yield first;
      while (!done) {
        const next = await iterator.next();
        done = next.done === true;
        if (!done) yield toBuffer(next.value as string | Uint8Array);
      }
    } finally {
      // Closes the input (e.g. the file) when the consumer stops early.
      if (!done) await iterator.return?.();
    }
  }
  if (!isGzip) return replay();
  // pipeline() tears both streams down together; its error reaches us through the gunzip iterator.
  return pipeline(
    Readable.from(replay()),
    createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
    () => {},
  );
}
