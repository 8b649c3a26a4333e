import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterBackoff } from '../src/index.js';

/** The formula as kinesis-source called it before it moved here. */
const backoffDelay = (
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
) => fullJitterBackoff(attempt, { baseDelayMs, maxDelayMs, random });

describe('fullJitterBackoff (the values)', () => {
  it('doubles from initialMs, all of it random (full jitter), capped at maxMs', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 1_000, () => 0))).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 1_000, () => 0.5))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 1_000, () => 0.999999))).toEqual(
      [100, 200, 400, 800, 1_000].map((v) => expect.closeTo(v, 2)),
    );
  });

  it('stays within [0, base) for any attempt, even huge ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, initial, extra, r) => {
          const max = initial + extra;
          const base = Math.min(max, initial * 2 ** (attempt - 1));
          const d = backoffDelay(attempt, initial, max, () => r);
          return Number.isFinite(d) && d >= 0 && d < base;
        },
      ),
    );
  });
});
