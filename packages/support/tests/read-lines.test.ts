import fc from 'fast-check';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDecompressed, readLines } from '../src/index.js';

async function lines(input: Parameters<typeof readLines>[0], gzip?: 'auto' | boolean) {
  const out: (string | Buffer)[] = [];
  for await (const batch of readLines(input, { gzip })) out.push(...batch);
  return out;
}

/** Splits `bytes` at the given cut points (sorted, deduplicated). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const c of at) {
    parts.push(bytes.subarray(start, c));
    start = c;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

describe('readLines', () => {
  it('gives back the lines whatever the chunking and compression', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s)),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (want, crlf, gzip, cuts) => {
          const text = want.join(crlf ? '\r\n' : '\n') + '\n';
          const bytes = gzip ? gzipSync(text) : Buffer.from(text);
          expect(await lines(chunked(bytes, cuts))).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a last line without newline, and invalid UTF-8 lines as their bytes', async () => {
    const bad = Buffer.from([0x7b, 0xff, 0x7d]);
    const input = Buffer.concat([Buffer.from('a\n\n'), bad, Buffer.from('\nlast')]);
    expect(await lines([input])).toEqual(['a', '', bad, 'last']);
  });

  it('reads concatenated gzip members and a Node stream', async () => {
    const input = Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\n')]);
    expect(await lines(Readable.from([input]))).toEqual(['a', 'b', 'c']);
    expect(await lines([input], false)).not.toEqual(['a', 'b', 'c']);
  });

  it('rejects a truncated gzip and refuses bad options with their value', async () => {
    const gz = gzipSync('a\nb\n'.repeat(100));
    await expect(lines([gz.subarray(0, gz.length - 10)])).rejects.toThrow();
    await expect(lines('x' as never)).rejects.toThrow(/got a string/);
    await expect(readDecompressed([], { gzip: 'yes' as never })).rejects.toThrow(/got yes/);
    await expect(readDecompressed([], { chunkBytes: 1 })).rejects.toThrow(/got 1/);
  });

  it('closes the input when the reader stops early', async () => {
    let closed = false;
    const input = (async function* () {
      try {
        for (let i = 0; ; i++) yield `line ${i}\n`;
      } finally {
        closed = true;
      }
    })();
    for await (const batch of readLines(input)) {
      expect(batch).toEqual(['line 0']);
      break;
    }
    expect(closed).toBe(true);
  });
});
