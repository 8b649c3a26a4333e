import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The lines of a file or of stdin ('-'), gunzipped when the input starts with the gzip magic. */
export async function* readRawLines(input: string): AsyncGenerator<string> {
  const source: AsyncIterable<Buffer> = input === '-' ? process.stdin : createReadStream(input);
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const all = Readable.from(
    (async function* () {
      yield head;
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
    })(),
  );
  const text = head[0] === 0x1f && head[1] === 0x8b ? all.pipe(createGunzip()) : all;
  yield* createInterface({ input: text, crlfDelay: Infinity });
}
