import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  END_OF_STREAM_WATERMARK,
  formatInstant,
  InvalidInstantError,
  parseInstant,
  parseIsoInstant,
  watermarkTimeOf,
} from '../src/index.js';

const MAX_DATE_MS = 8.64e15;

function errorOf(run: () => unknown): InvalidInstantError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInstantError);
    return error as InvalidInstantError;
  }
  throw new Error('no error thrown');
}

describe('formatInstant and parseInstant', () => {
  it('round-trip every whole millisecond a Date holds, and ±Infinity', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }),
          fc.integer({ min: Date.UTC(2009, 0, 1), max: Date.UTC(2030, 0, 1) }),
          fc.constantFrom(-MAX_DATE_MS, MAX_DATE_MS, 0, -1, Infinity, -Infinity),
        ),
        (ms) => {
          expect(parseInstant(formatInstant(ms))).toBe(ms);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('write the wire form, +infinity and -infinity', () => {
    expect(formatInstant(Date.UTC(2016, 0, 1, 0, 20, 35))).toBe('2016-01-01T00:20:35.000Z');
    expect(formatInstant(Infinity)).toBe('+infinity');
    expect(formatInstant(-Infinity)).toBe('-infinity');
    expect(formatInstant(Infinity)).toBe(END_OF_STREAM_WATERMARK.watermark);
    expect(formatInstant(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('formatInstant refuses NaN, fractions and values past the Date range', () => {
    for (const bad of [NaN, 1.5, MAX_DATE_MS + 1, -MAX_DATE_MS - 1, '5' as unknown as number]) {
      const error = errorOf(() => formatInstant(bad));
      expect(error.name).toBe('InvalidInstantError');
      expect(error.value).toBe(bad);
    }
    expect(errorOf(() => formatInstant(NaN)).message).toBe(
      'invalid instant NaN: expected whole epoch milliseconds or ±Infinity',
    );
  });

  it('parseInstant agrees with parseIsoInstant on every wire instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_167_219_200_000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        fc.constantFrom(0, 1, 2, 3),
        (ms, digits) => {
          const iso = new Date(ms).toISOString();
          const text = digits === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 20 + digits)}Z`;
          expect(parseInstant(text)).toBe(parseIsoInstant(text));
        },
      ),
    );
  });

  it.each([
    ['2016-01-01T00:20:35Z', Date.UTC(2016, 0, 1, 0, 20, 35)],
    ['2016-01-01T00:20Z', Date.UTC(2016, 0, 1, 0, 20)],
    ['2016-01-01t00:20:35.5z', Date.UTC(2016, 0, 1, 0, 20, 35, 500)],
    ['2016-01-01T00:20:35.123000000Z', Date.UTC(2016, 0, 1, 0, 20, 35, 123)],
    ['2016-01-01T00:20:35,25Z', Date.UTC(2016, 0, 1, 0, 20, 35, 250)],
    ['2016-01-01T01:20:35+01:00', Date.UTC(2016, 0, 1, 0, 20, 35)],
    ['2015-12-31T19:20:35-05:00', Date.UTC(2016, 0, 1, 0, 20, 35)],
    ['2016-02-29T00:00:00Z', Date.UTC(2016, 1, 29)],
    ['-000001-01-01T00:00:00Z', Date.UTC(-1, 0, 1)],
    ['+275760-09-13T00:00:00.000Z', MAX_DATE_MS],
    ['+infinity', Infinity],
    ['-infinity', -Infinity],
  ])('parseInstant(%j) reads %d', (text, ms) => {
    expect(parseInstant(text)).toBe(ms);
  });

  it.each([
    ['', 'expected an ISO-8601 instant'],
    ['infinity', 'expected an ISO-8601 instant'],
    ['+Infinity', 'expected an ISO-8601 instant'],
    ['1451606400000', 'expected an ISO-8601 instant'],
    ['2016-01-01', 'expected an ISO-8601 instant'],
    ['2016-01-01T00:20:35', 'expected an ISO-8601 instant'],
    ['2016-01-01 00:20:35Z', 'expected an ISO-8601 instant'],
    ['2016-02-30T00:00:00Z', 'no such calendar date'],
    ['2015-02-29T00:00:00Z', 'no such calendar date'],
    ['2016-13-01T00:00:00Z', 'no such calendar date'],
    ['2016-01-01T24:00:00Z', 'time of day out of range'],
    ['2016-01-01T23:59:60Z', 'time of day out of range'],
    ['2016-01-01T00:00:00.0001Z', 'finer than a millisecond'],
    ['2016-01-01T00:00:00+24:00', 'zone offset out of range'],
    ['+275760-09-13T00:00:00.001Z', 'outside the range of a JavaScript Date'],
    ['-000000-01-01T00:00:00Z', 'year -000000'],
  ])('parseInstant(%j) throws: %s', (text, reason) => {
    const error = errorOf(() => parseInstant(text));
    expect(error.value).toBe(text);
    expect(error.reason).toContain(reason);
    expect(error.message).toContain(JSON.stringify(text));
  });

  it('parseInstant refuses non-strings from JavaScript callers', () => {
    for (const bad of [undefined, null, 5, Infinity, {}]) {
      expect(() => parseInstant(bad as unknown as string)).toThrow(InvalidInstantError);
    }
  });

  it('watermarkTimeOf goes through parseInstant', () => {
    expect(watermarkTimeOf({ type: 'watermark', watermark: '+infinity' })).toBe(Infinity);
    expect(() => watermarkTimeOf({ type: 'watermark', watermark: 'soon' })).toThrow(
      InvalidInstantError,
    );
  });
});
