import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SlidingMedian } from '../src/index.js';
import { NUM_RUNS } from './support/streams.js';

const median = (values: number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

describe('SlidingMedian', () => {
  it('equals sorting the live values after every add and remove (duplicates, ties, -0)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            add: fc.boolean(),
            value: fc.oneof(
              fc.integer({ min: -6, max: 6 }),
              fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
            ),
            pick: fc.nat(),
          }),
          { maxLength: 300 },
        ),
        (ops) => {
          const m = new SlidingMedian();
          const live: number[] = [];
          for (const op of ops) {
            if (op.add || live.length === 0) {
              m.add(op.value);
              live.push(op.value);
            } else {
              const [value] = live.splice(op.pick % live.length, 1);
              m.remove(value);
            }
            expect(m.size).toBe(live.length);
            expect(m.median()).toBe(median(live));
          }
          // values() come from a Map, which does not tell -0 from 0.
          expect(m.values()).toEqual([...live].sort((a, b) => a - b).map((v) => v + 0));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('a sliding window over a sequence: the median of the last w values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (values, w) => {
          const m = new SlidingMedian();
          values.forEach((v, i) => {
            m.add(v);
            if (i >= w) m.remove(values[i - w]);
            expect(m.median()).toBe(median(values.slice(Math.max(0, i - w + 1), i + 1)));
          });
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('refuses NaN and removing a value it does not hold, leaving its state as it was', () => {
    const m = new SlidingMedian();
    m.add(1);
    m.add(5);
    expect(() => m.add(NaN)).toThrow(InvalidOptionError);
    expect(() => m.remove(3)).toThrow(/a value the median holds; got 3/);
    expect(m.median()).toBe(3);
    m.clear();
    expect(m.median()).toBeUndefined();
  });
});
