// Whatever a record's bytes, decode throws nothing but SchemaError (issue 13): a processor that
// catches it dead-letters the record and keeps running.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, decodeLines, encode, rawRecordForDeadLetter, SchemaError } from '../src/index.js';
import { wireEventArbitrary } from '../src/arbitraries/index.js';

/** decode's outcome: the event, or the SchemaError; anything else thrown fails the test. */
function outcome(input: string | Uint8Array): 'decoded' | SchemaError {
  try {
    decode(input, 1);
    return 'decoded';
  } catch (error) {
    if (!(error instanceof SchemaError)) {
      throw new Error(`decode threw ${String(error)} instead of a SchemaError`, { cause: error });
    }
    // The message stays one short line whatever the input.
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).not.toContain('\n');
    return error;
  }
}

const nested = (depth: number, open = '[', close = ']', inner = ''): string =>
  open.repeat(depth) + inner + close.repeat(depth);

const utf8 = new TextEncoder();

// Generous timeouts: the big inputs take seconds on a loaded machine; none is a timing claim.
describe('decode on hostile input', { timeout: 60_000 }, () => {
  it.each([
    ['20,000 nested arrays', nested(20_000)],
    ['1,000,000 nested arrays', nested(1_000_000)],
    ['20,000 nested objects', nested(20_000, '{"a":', '}', '1')],
    ['a trip whose fare nests 20,000 arrays', `{"fare_amount":${nested(20_000)}}`],
    ['an unknown key nesting 20,000 objects', `{"x":${nested(20_000, '{"a":', '}', '1')}}`],
    ['a watermark nesting 20,000 arrays', `{"type":"watermark","watermark":${nested(20_000)}}`],
    ['20 MB of spaces and a 1', `${' '.repeat(20_000_000)}1`],
    ['an array of 1,000,000 numbers', `[${'1,'.repeat(999_999)}1]`],
    [
      'an object with 100,000 keys',
      `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    ],
    ['a 1 MB key', `{"${'k'.repeat(1_000_000)}":1}`],
    ['a 10 MB string', `"${'x'.repeat(10_000_000)}"`],
    ['truncated JSON', '{"trip_id":1,"pickup_datetime":"2016-01-01T00:00:07'],
    ['NaN written out', '{"trip_id":NaN}'],
    ['a number overflowing a double', '{"trip_id":1e400}'],
    ['a latitude overflowing a double', '{"pickup_latitude":-1e400}'],
    ['a year past the JS Date range', '{"type":"watermark","watermark":"+275761-01-01T00:00:00Z"}'],
    ['a watermark of -infinity', '{"type":"watermark","watermark":"-infinity"}'],
    ['a __proto__ key', '{"__proto__":{"type":"watermark"},"watermark":"+infinity"}'],
    ['a lone surrogate', '"\\ud800"'],
    ['the empty string', ''],
  ])('%s is a SchemaError', (_name, text) => {
    expect(outcome(text)).toBeInstanceOf(SchemaError);
    expect(outcome(utf8.encode(text))).toBeInstanceOf(SchemaError);
  });

  it('bytes that are not UTF-8, and non-string input from JavaScript callers', () => {
    expect(outcome(new Uint8Array([0xff, 0xfe, 0x7b]))).toHaveProperty('reason', 'not UTF-8');
    const huge = new Uint8Array(5_000_000).fill(0x80);
    expect(outcome(huge)).toHaveProperty('reason', 'not UTF-8');
    for (const odd of [undefined, null, 42, {}, [], new ArrayBuffer(4)]) {
      expect(outcome(odd as unknown as string)).toBeInstanceOf(SchemaError);
    }
  });

  it('names the culprit with a bounded preview of the value', () => {
    const error = outcome(`{"fare_amount":${nested(20_000)}}`) as SchemaError;
    expect(error.field).toBe('fare_amount');
    expect(error.message).toContain('got [[[[…]]]]');
    const keyError = outcome(`{"${'k'.repeat(1_000_000)}":1}`) as SchemaError;
    expect(keyError.field).toHaveLength(100);
    expect(keyError.reason).toBe('unknown field');
  });

  it('fast-check: arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        outcome(text);
        outcome(utf8.encode(text));
      }),
      { numRuns: 500 },
    );
  });

  it('fast-check: arbitrary strings and byte arrays', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.uint8Array()),
        (input) => {
          outcome(input);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fast-check: valid events with bytes flipped, cut or spliced', () => {
    fc.assert(
      fc.property(
        wireEventArbitrary(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))),
        fc.nat(),
        (event, flips, cut) => {
          const bytes = utf8.encode(encode(event));
          for (const [at, byte] of flips) bytes[at % bytes.length] = byte;
          outcome(bytes);
          outcome(bytes.subarray(0, cut % (bytes.length + 1)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fast-check: deep nesting of any kind, anywhere in a record', () => {
    const deep = fc
      .tuple(
        fc.integer({ min: 1, max: 30_000 }),
        fc.constantFrom<[string, string]>(['[', ']'], ['{"a":', '}'], ['[1,', ']']),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([depth, [open, close], inner]) => nested(depth, open, close, JSON.stringify(inner)));
    const field = fc.constantFrom(
      '$',
      'trip_id',
      'pickup_datetime',
      'fare_amount',
      'watermark',
      'x',
    );
    fc.assert(
      fc.property(deep, field, (value, key) => {
        outcome(key === '$' ? value : `{"type":"trip","${key}":${value}}`);
        outcome(`{"type":"watermark","${key}":${value}}`);
      }),
      { numRuns: 100 },
    );
  });

  it('decodeLines hands every hostile line to onError and goes on', async () => {
    const lines = [
      nested(20_000),
      '{"trip_id":1e400}',
      encode({ type: 'watermark', watermark: '+infinity' }),
    ];
    const errors: SchemaError[] = [];
    const input = [
      Buffer.concat([utf8.encode(`${lines.join('\n')}\n`), Buffer.from([0xff, 0x0a])]),
    ];
    const events = [];
    for await (const event of decodeLines(input, { onError: (e) => errors.push(e) })) {
      events.push(event);
    }
    expect(events).toEqual([{ type: 'watermark', watermark: '+infinity' }]);
    expect(errors.map((e) => [e.lineNumber, e.reason])).toEqual([
      [1, 'expected a JSON object'],
      [2, 'expected a non-negative safe integer'],
      [4, 'not UTF-8'],
    ]);
  });
});

describe('rawRecordForDeadLetter', { timeout: 60_000 }, () => {
  it('keeps text as text and bytes that are not UTF-8 as base64, losing nothing', () => {
    expect(rawRecordForDeadLetter('{"a":1}')).toEqual({ text: '{"a":1}' });
    expect(rawRecordForDeadLetter(utf8.encode('{"a":"é"}'))).toEqual({ text: '{"a":"é"}' });
    expect(rawRecordForDeadLetter(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      base64: 'e/99',
    });
    // A byte-order mark is part of the record's bytes: it stays.
    expect(rawRecordForDeadLetter(new Uint8Array([0xef, 0xbb, 0xbf, 0x31]))).toEqual({
      text: '\ufeff1',
    });
  });

  it('fast-check: the bytes come back exactly, through JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array(),
          fc.string().map((s) => utf8.encode(s)),
        ),
        (bytes) => {
          const raw = JSON.parse(JSON.stringify(rawRecordForDeadLetter(bytes))) as
            { text: string } | { base64: string };
          const back =
            'text' in raw ? Buffer.from(raw.text, 'utf8') : Buffer.from(raw.base64, 'base64');
          expect(new Uint8Array(back)).toEqual(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('works on a Buffer slice of a larger pool', () => {
    const pool = Buffer.from([0x01, 0xff, 0x02, 0x03]);
    expect(rawRecordForDeadLetter(pool.subarray(1, 3))).toEqual({ base64: '/wI=' });
  });
});
