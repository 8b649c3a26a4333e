import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, parseDuration } from '../src/index.js';

describe('parseDuration', () => {
  it('reads each unit', () => {
    expect([
      parseDuration('250'),
      parseDuration('250ms'),
      parseDuration('5s'),
      parseDuration('2m'),
    ]).toEqual([250, 250, 5_000, 120_000]);
    expect([parseDuration('1h'), parseDuration('1.5h'), parseDuration(' 1d ')]).toEqual([
      3_600_000, 5_400_000, 86_400_000,
    ]);
  });
  it('round-trips any whole number of any unit', () => {
    const units = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[])),
        (n, u) => {
          expect(parseDuration(`${n}${u}`)).toBe(n * units[u]);
        },
      ),
    );
  });
  it('names the option and the text it refuses', () => {
    expect(() => parseDuration('soon', '--window')).toThrow(InvalidOptionError);
    expect(() => parseDuration('soon', '--window')).toThrow(
      /--window must be a duration like 500ms.*soon/,
    );
    expect(() => parseDuration('-5s')).toThrow(/duration/);
  });
});
