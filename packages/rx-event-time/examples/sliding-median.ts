import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import { slidingMedian, SlidingMedian, type StreamEvent } from '../src/index.js';

interface Trip {
  cell: string;
  profit: number;
}

const at = (minute: number, trip: Trip): StreamEvent<Trip> => ({
  kind: 'record',
  timestamp: Date.UTC(2013, 0, 1, 0, minute),
  value: trip,
});

// The median profit per pickup cell over the last 15 minutes.
const changes = await lastValueFrom(
  from([
    at(0, { cell: 'c1', profit: 12 }),
    at(5, { cell: 'c1', profit: 4 }),
    at(10, { cell: 'c1', profit: 20 }),
    at(16, { cell: 'c1', profit: 7 }), // the 00:00 trip (12) leaves first
  ]).pipe(
    slidingMedian({
      keySelector: (t: Trip) => t.cell,
      valueOf: (t: Trip) => t.profit,
      range: 15 * 60_000,
    }),
    toArray(),
  ),
);
assert.deepEqual(
  changes.map((c) => c.result),
  [12, 8, 12, 12, 7],
);

// The structure alone: O(log n) add and remove, the mean of the two middle values for an even count.
const median = new SlidingMedian();
for (const value of [5, 1, 9, 3]) median.add(value);
assert.equal(median.median(), 4);
median.remove(9);
assert.equal(median.median(), 3);
