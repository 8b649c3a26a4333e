import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../src/index.js';

describe('parseIsoInstant', () => {
  it('agrees with Date.parse on every instant toISOString writes, and its shorter forms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }),
        fc.constantFrom(24, 23, 22, 20),
        (ms, length) => {
          const iso = new Date(ms).toISOString();
          const text = length === 24 ? iso : `${iso.slice(0, length - 1)}Z`;
          expect(parseIsoInstant(text)).toBe(Date.parse(text));
        },
      ),
    );
  });

  it.each([
    '2016-02-30T00:00:00Z',
    '2015-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-00-01T00:00:00Z',
    '2016-01-00T00:00:00Z',
    '2016-01-01T24:00:00Z',
    '2016-01-01T00:60:00Z',
    '2016-01-01T00:00:60Z',
    '2016-01-01T00:00:00.Z',
    '2016-01-01T00:00:00.1234Z',
    '2016-01-01T00:00:00',
    '2016-01-01 00:00:00Z',
    '2016-01-01T00:00:00+00:00',
    '2016-01-01T00:00:0xZ',
    '+2016-01-01T00:00:00Z',
    '',
  ])('rejects %j', (text) => {
    expect(parseIsoInstant(text)).toBeNaN();
  });

  it('gives each string its own value in any order of calls (it remembers the last two)', () => {
    const pool = [
      '2016-01-01T00:00:00.000Z',
      '2016-01-01T00:00:00.001Z',
      '2016-02-30T00:00:00.000Z',
      '2016-01-01T00:00:00Z',
      'not an instant',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool.keys()), { maxLength: 40 }), (order) => {
        for (const i of order) {
          // A fresh string each time: equal text, not the same object.
          const text = `${pool[i]} `.slice(0, -1);
          const expected = i === 2 || i === 4 ? NaN : Date.parse(pool[i]);
          expect(parseIsoInstant(text)).toBe(expected);
        }
      }),
    );
  });

  it('accepts leap days', () => {
    expect(parseIsoInstant('2016-02-29T12:00:00Z')).toBe(Date.UTC(2016, 1, 29, 12));
    expect(parseIsoInstant('2000-02-29T00:00:00.5Z')).toBe(Date.UTC(2000, 1, 29) + 500);
  });
});
