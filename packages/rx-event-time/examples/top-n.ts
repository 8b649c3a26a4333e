import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import { topN, TopN, type TopNUpdate } from '../src/index.js';

// The operator: a stream of per-key updates in, the top 2 out, only when it changes.
const updates: TopNUpdate<string, number>[] = [
  { kind: 'set', key: 'a', value: 3 },
  { kind: 'set', key: 'b', value: 5 },
  { kind: 'set', key: 'c', value: 1 }, // third: the top 2 is unchanged, nothing is emitted
  { kind: 'delete', key: 'b' },
];
const rankings = await lastValueFrom(
  from(updates).pipe(topN({ size: 2, compare: (x: number, y: number) => y - x }), toArray()),
);
assert.deepEqual(
  rankings.map((ranking) => ranking.map((e) => `${e.key}=${e.value}`).join(' ')),
  ['a=3', 'b=5 a=3', 'a=3 c=1'],
);

// The core, as a query drives it: set values, then ask for changes once per step.
const top = new TopN<string, number>({ size: 2, compare: (x, y) => y - x });
top.set('x', 1);
top.set('y', 2);
assert.deepEqual(top.changes(), [
  { key: 'y', value: 2 },
  { key: 'x', value: 1 },
]);
top.set('x', 1); // same ranking
assert.equal(top.changes(), undefined);
