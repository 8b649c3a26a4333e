import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SnapshotError, TopN, type TopNEntry } from '../src/index.js';
import { NUM_RUNS } from './support/streams.js';

interface Score {
  readonly points: number;
  readonly label: string;
}

const byPointsDesc = (a: Score, b: Score) => b.points - a.points;

const opsArbitrary = fc.array(
  fc.record({
    key: fc.integer({ min: 0, max: 300 }),
    remove: fc.boolean(),
    points: fc.integer({ min: 0, max: 8 }),
    label: fc.constantFrom('x', 'y'),
    check: fc.boolean(),
  }),
  { maxLength: 700 },
);

/** From scratch: sort all keys by points, then by when they were last set (earlier first). */
function bruteTop(state: Map<number, { value: Score; setAt: number }>, size: number) {
  return [...state.entries()]
    .sort(([, a], [, b]) => byPointsDesc(a.value, b.value) || a.setAt - b.setAt)
    .slice(0, size)
    .map(([key, { value }]) => ({ key, value }));
}

const sameRanking = (a: TopNEntry<number, Score>[], b: TopNEntry<number, Score>[], rows: boolean) =>
  a.length === b.length &&
  a.every((e, i) => e.key === b[i].key && (!rows || e.value.label === b[i].value.label));

describe('TopN equals sorting every key from scratch at every step', () => {
  for (const rows of [false, true]) {
    it(`ranking and change-only output (${rows ? 'rows compared with equals' : 'keys only'})`, () => {
      fc.assert(
        fc.property(opsArbitrary, fc.integer({ min: 1, max: 12 }), (ops, size) => {
          const top = new TopN<number, Score>({
            size,
            compare: byPointsDesc,
            equals: rows ? (a, b) => a.label === b.label : undefined,
          });
          const state = new Map<number, { value: Score; setAt: number }>();
          let reported: TopNEntry<number, Score>[] = [];
          ops.forEach((op, i) => {
            if (op.remove) {
              expect(top.delete(op.key)).toBe(state.delete(op.key));
            } else {
              const value = { points: op.points, label: op.label };
              top.set(op.key, value);
              state.set(op.key, { value, setAt: i });
            }
            expect(top.count).toBe(state.size);
            if (!op.check) return;
            const expected = bruteTop(state, size);
            expect(top.top()).toEqual(expected);
            const changed = top.changes();
            if (sameRanking(reported, expected, rows)) expect(changed).toBeUndefined();
            else {
              expect(changed).toEqual(expected);
              reported = expected;
            }
          });
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }

  it('snapshot, JSON, restore continues exactly like the original', () => {
    fc.assert(
      fc.property(opsArbitrary, opsArbitrary, (first, second) => {
        const make = () => new TopN<number, Score>({ size: 5, compare: byPointsDesc });
        const apply = (top: TopN<number, Score>, ops: typeof first) =>
          ops.map((op) => {
            if (op.remove) top.delete(op.key);
            else top.set(op.key, { points: op.points, label: op.label });
            return op.check ? top.changes() : top.top();
          });
        const original = make();
        apply(original, first);
        const restored = make();
        restored.restore(JSON.parse(JSON.stringify(original.snapshot())));
        expect(apply(restored, second)).toEqual(apply(original, second));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('validates its options and snapshots', () => {
    expect(() => new TopN({ size: 0, compare: byPointsDesc })).toThrow(InvalidOptionError);
    expect(() => new TopN({ size: 3, compare: 'desc' as never })).toThrow(
      /compare must be a function/,
    );
    const top = new TopN<string, Score>({ size: 2, compare: byPointsDesc });
    top.set('a', { points: 1, label: 'x' });
    const snapshot = top.snapshot();
    expect(() => new TopN({ size: 3, compare: byPointsDesc }).restore(snapshot)).toThrow(
      SnapshotError,
    );
    const bad = {
      ...snapshot,
      entries: [
        { key: 'a', value: { points: 1 } },
        { key: 'b', value: { points: 5 } },
      ],
    };
    expect(() => top.restore(bad as never)).toThrow(
      /entries\[1\]\.value: ranks before the entry above it/,
    );
    expect(top.top()).toEqual([{ key: 'a', value: { points: 1, label: 'x' } }]);
  });
});
