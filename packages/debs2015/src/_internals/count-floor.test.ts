import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopN } from '@tripstream/rx-event-time';
import { CountFloor } from './count-floor.js';

interface Ranked {
  readonly count: number;
  readonly seq: number;
}
const compare = (a: Ranked, b: Ranked) => b.count - a.count || b.seq - a.seq;

// Steps of +1/-1 on 12 keys, several per settle: like window adds and retractions. Slightly more
// ups than downs, so counts spread out and the floor both rises and falls.
const stepsArbitrary = fc.array(
  fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: 11 }),
      up: fc.integer({ min: 0, max: 19 }).map((n) => n < 12),
    }),
    {
      minLength: 1,
      maxLength: 4,
    },
  ),
  { maxLength: 400 },
);

describe('CountFloor', () => {
  it('the filtered TopN ranks like one holding every key, at every step', () => {
    let leftOut = 0;
    fc.assert(
      fc.property(stepsArbitrary, fc.integer({ min: 1, max: 3 }), (steps, size) => {
        const all = new TopN<number, Ranked>({ size, compare });
        const filtered = new TopN<number, Ranked>({ size, compare });
        const floor = new CountFloor(filtered, size);
        const counts = new Map<number, number>();
        let seq = 0;
        for (const step of steps) {
          for (const { key, up } of step) {
            const before = counts.get(key) ?? 0;
            if (!up && before === 0) continue;
            const count = before + (up ? 1 : -1);
            counts.set(key, count);
            const value = { count, seq: seq++ };
            if (count === 0) all.delete(key);
            else all.set(key, value);
            floor.update(key, count, value);
          }
          floor.settle();
          expect(filtered.top()).toEqual(all.top());
          expect(filtered.changes()).toEqual(all.changes());
          if (filtered.count < all.count) leftOut++;
        }
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 200) },
    );
    // The filter did work: in many steps some keys were kept out.
    expect(leftOut).toBeGreaterThan(0);
  });

  it('keeps low-count keys out once enough keys have more', () => {
    const top = new TopN<number, Ranked>({ size: 2, compare });
    const floor = new CountFloor(top, 2);
    let seq = 0;
    // Keys 0-3 reach 3 items, keys 4-9 stay at 1.
    for (let k = 0; k < 10; k++) floor.update(k, 1, { count: 1, seq: seq++ });
    for (let c = 2; c <= 3; c++) {
      for (let k = 0; k < 4; k++) floor.update(k, c, { count: c, seq: seq++ });
    }
    floor.settle();
    expect(top.count).toBe(4);
    // Back down: keys 0-2 lose their items, so the keys at 1 must come back in.
    for (const k of [0, 1, 2]) {
      floor.update(k, 2, { count: 2, seq: seq++ });
      floor.update(k, 1, { count: 1, seq: seq++ });
      floor.update(k, 0, { count: 0, seq: seq++ });
    }
    floor.settle();
    expect(top.top().map((e) => e.key)).toEqual([3, 9]);
    expect(top.count).toBe(7);
  });
});
