import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { toBuffer } from './_internals/to-buffer.js';
import type { LineInput } from './line-input.js';

/** Options of {@link readDecompressed} and `readLines`. */
export interface DecompressOptions {
  /**
   * `true`: the input is gzip; `false`: it is not; `'auto'` (default): gzip when its first two
   * bytes are the gzip magic `1f 8b`. Concatenated gzip members are read as one stream.
   */
  readonly gzip?: 'auto' | boolean;
  /** Bytes per gunzip output chunk. Default: 65536 (4x zlib's, fewer trips to the thread pool). */
  readonly chunkBytes?: number;
}

const DEFAULT_GUNZIP_CHUNK_BYTES = 64 * 1024;

/**
 * The bytes of `input`, gunzipped when it is gzip (see {@link DecompressOptions.gzip}). Peeks at
 * the first bytes only, and closes `input` when the consumer stops early. A corrupt or truncated
 * gzip rejects with zlib's error.
 */
export async function readDecompressed(
  input: LineInput,
  options: DecompressOptions = {},
): Promise<AsyncIterable<Buffer>> {
  const { gzip = 'auto', chunkBytes = DEFAULT_GUNZIP_CHUNK_BYTES } = options;
  if (gzip !== 'auto' && typeof gzip !== 'boolean') {
    throw new TypeError(`options.gzip must be 'auto', true or false, got ${String(gzip)}`);
  }
  if (!Number.isInteger(chunkBytes) || chunkBytes < 64) {
    throw new RangeError(`options.chunkBytes must be an integer >= 64, got ${String(chunkBytes)}`);
  }
  if (typeof input === 'string') {
    throw new TypeError('expected chunks of input, got a string (to read a file, open a stream)');
  }
  const iterator = toAsyncIterable(input)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  // Peek until two bytes are known (or the input ends); the peeked chunks are replayed below.
  while (gzip === 'auto' && headLength < 2) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes = toBuffer(next.value);
    head.push(bytes);
    headLength += bytes.length;
  }
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  const isGzip = gzip === true || (gzip === 'auto' && first[0] === 0x1f && first[1] === 0x8b);
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
  return pipeline(Readable.from(replay()), createGunzip({ chunkSize: chunkBytes }), () => {});
}

function toAsyncIterable(input: LineInput): AsyncIterable<string | Uint8Array> {
  if (Symbol.asyncIterator in input) return input as AsyncIterable<string | Uint8Array>;
  const items = input as Iterable<string | Uint8Array>;
  return (async function* () {
    yield* items;
  })();
}
