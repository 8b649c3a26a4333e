import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLines, encode, readWireFile, SchemaError, type WireEvent } from '../src/index.js';
import { wireEventArbitrary } from '../src/arbitraries/index.js';

async function collect(events: AsyncIterable<WireEvent>): Promise<WireEvent[]> {
  const out: WireEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function* chunks(
  parts: readonly (string | Uint8Array)[],
): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

/** Cuts `bytes` at the given fractions of its length. */
function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(start, p));
    start = p;
  }
  return out;
}

const TRIP_LINE =
  '{"trip_id":1,"pickup_datetime":"2016-01-01T00:00:07.000Z","dropoff_datetime":"2016-01-01T00:20:35.000Z","pickup_latitude":40.6721,"pickup_longitude":-73.953,"dropoff_latitude":40.7105,"dropoff_longitude":-73.9865}';

describe('decodeLines', () => {
  it('decodes what encode wrote, however the bytes are chunked, plain or gzip, LF or CRLF', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(wireEventArbitrary(), { maxLength: 30 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (events, cuts, gzip, eol, finalNewline) => {
          const text = events.map(encode).join(eol) + (finalNewline && events.length ? eol : '');
          const raw = Buffer.from(text);
          const bytes = gzip ? gzipSync(raw) : raw;
          const decoded = await collect(decodeLines(chunks(cut(bytes, cuts))));
          expect(decoded).toEqual(events);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('handles a carried partial line followed by a chunk of 200,000 lines', async () => {
    const many = `${'\n'.repeat(200_000)}${TRIP_LINE}\n`;
    const events = await collect(decodeLines([TRIP_LINE.slice(0, 20), TRIP_LINE.slice(20) + many]));
    expect(events).toHaveLength(2);
  });

  it('splits multi-byte characters across chunks correctly', async () => {
    const line = encode({ ...JSON.parse(TRIP_LINE), type: 'trip', vendor_id: 'Zürich ☃' });
    const bytes = Buffer.from(`${line}\n`);
    const at = bytes.indexOf(0xe2) + 1; // inside the snowman
    const decoded = await collect(decodeLines(chunks([bytes.subarray(0, at), bytes.subarray(at)])));
    expect(decoded).toHaveLength(1);
    expect((decoded[0] as { vendor_id: string }).vendor_id).toBe('Zürich ☃');
  });

  it('reports a line that is not UTF-8 and decodes its neighbours', async () => {
    const errors: SchemaError[] = [];
    const bytes = Buffer.concat([
      Buffer.from(`${TRIP_LINE}\n`),
      Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]),
      Buffer.from(`${TRIP_LINE}\r\n`),
    ]);
    const events = await collect(decodeLines(chunks([bytes]), { onError: (e) => errors.push(e) }));
    expect(events).toHaveLength(2);
    expect(errors.map((e) => [e.lineNumber, e.reason])).toEqual([[2, 'not UTF-8']]);
  });

  it('reads Node readable streams and string chunks', async () => {
    const fromStream = await collect(decodeLines(Readable.from([Buffer.from(`${TRIP_LINE}\n`)])));
    const fromStrings = await collect(
      decodeLines(chunks([TRIP_LINE.slice(0, 10), TRIP_LINE.slice(10)])),
    );
    expect(fromStream).toEqual(fromStrings);
    expect(fromStream).toHaveLength(1);
  });

  it('reads plain iterables such as arrays, and refuses a path given as a string', async () => {
    expect(await collect(decodeLines([`${TRIP_LINE}\n`, Buffer.from(TRIP_LINE)]))).toHaveLength(2);
    await expect(collect(decodeLines('trips.jsonl' as unknown as string[]))).rejects.toThrow(
      /readWireFile/,
    );
  });

  it('yields nothing for an empty input, a lone newline or blank lines', async () => {
    expect(await collect(decodeLines(chunks([])))).toEqual([]);
    expect(await collect(decodeLines(chunks(['\n\r\n\n'])))).toEqual([]);
    expect(await collect(decodeLines(chunks([gzipSync(Buffer.alloc(0))])))).toEqual([]);
  });

  it('reports bad lines with their line numbers to onError and keeps going', async () => {
    const errors: SchemaError[] = [];
    const input = `${TRIP_LINE}\n\nnot json\n{"type":"watermark"}\r\n${TRIP_LINE}`;
    const events = await collect(decodeLines(chunks([input]), { onError: (e) => errors.push(e) }));
    expect(events).toHaveLength(2);
    expect(errors.map((e) => [e.lineNumber, e.field])).toEqual([
      [3, '$'],
      [4, 'watermark'],
    ]);
  });

  it('throws the first bad line when there is no onError, after yielding the good ones', async () => {
    const seen: WireEvent[] = [];
    const run = async () => {
      for await (const event of decodeLines(
        chunks([`${TRIP_LINE}\n{"trip_id":-1}\n${TRIP_LINE}\n`]),
      )) {
        seen.push(event);
      }
    };
    await expect(run()).rejects.toMatchObject({
      name: 'SchemaError',
      lineNumber: 2,
      field: 'trip_id',
    });
    expect(seen).toHaveLength(1);
  });

  it('lets an error thrown by onError through', async () => {
    const boom = new Error('stop');
    const run = collect(
      decodeLines(chunks(['bad\n']), {
        onError: () => {
          throw boom;
        },
      }),
    );
    await expect(run).rejects.toBe(boom);
  });

  it('honours gzip: true and gzip: false', async () => {
    const gz = gzipSync(Buffer.from(`${TRIP_LINE}\n`));
    expect(await collect(decodeLines(chunks([gz]), { gzip: true }))).toHaveLength(1);
    const errors: SchemaError[] = [];
    await collect(decodeLines(chunks([gz]), { gzip: false, onError: (e) => errors.push(e) }));
    expect(errors.length).toBeGreaterThan(0);
    await expect(
      collect(decodeLines(chunks([`${TRIP_LINE}\n`]), { gzip: true })),
    ).rejects.toThrow();
    await expect(
      collect(decodeLines(chunks([]), { gzip: 'yes' as unknown as boolean })),
    ).rejects.toThrow(/options\.gzip/);
  });

  it('reads concatenated gzip members as one stream', async () => {
    const a = gzipSync(Buffer.from(`${TRIP_LINE}\n`));
    const b = gzipSync(Buffer.from(`${TRIP_LINE}\n`));
    expect(await collect(decodeLines(chunks([Buffer.concat([a, b])])))).toHaveLength(2);
  });

  it('fails on a truncated gzip input', async () => {
    const gz = gzipSync(Buffer.from(`${TRIP_LINE}\n`.repeat(50)));
    await expect(collect(decodeLines(chunks([gz.subarray(0, gz.length - 10)])))).rejects.toThrow();
  });
});

describe('readWireFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trip-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads plain and gzip files alike, whatever their names', async () => {
    const text = `${TRIP_LINE}\n{"type":"watermark","watermark":"+infinity"}\n`;
    await writeFile(join(dir, 'a.jsonl'), text);
    await writeFile(join(dir, 'b.jsonl'), gzipSync(Buffer.from(text)));
    const plain = await collect(readWireFile(join(dir, 'a.jsonl')));
    const gzip = await collect(readWireFile(join(dir, 'b.jsonl')));
    expect(plain).toHaveLength(2);
    expect(gzip).toEqual(plain);
  });

  it('stops reading when the consumer breaks early', async () => {
    await writeFile(
      join(dir, 'c.jsonl.gz'),
      gzipSync(Buffer.from(`${TRIP_LINE}\n`.repeat(10_000))),
    );
    let n = 0;
    for await (const _ of readWireFile(join(dir, 'c.jsonl.gz'))) {
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });

  it('rejects when the file does not exist', async () => {
    await expect(collect(readWireFile(join(dir, 'missing.jsonl')))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
