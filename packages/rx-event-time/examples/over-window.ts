import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import {
  overWindowAggregate,
  type RetractableAggregateFunction,
  type StreamEvent,
} from '../src/index.js';

interface Trip {
  cell: string;
  fare: number;
}

// Sum of fares per pickup cell over the last 30 minutes, updated as trips enter and leave.
const fareSum: RetractableAggregateFunction<Trip, number, number> = {
  createAccumulator: () => 0,
  add: (trip, sum) => sum + trip.fare,
  retract: (trip, sum) => sum - trip.fare,
  getResult: (sum) => sum,
};

const at = (minute: number, trip: Trip): StreamEvent<Trip> => ({
  kind: 'record',
  timestamp: Date.UTC(2013, 0, 1, 0, minute),
  value: trip,
});

const changes = await lastValueFrom(
  from([
    at(0, { cell: '161.155', fare: 10 }),
    at(20, { cell: '161.155', fare: 6 }),
    at(35, { cell: '161.155', fare: 8 }), // the 00:00 trip leaves (35 - 30 >= 0) before this one enters
  ]).pipe(
    overWindowAggregate({
      keySelector: (trip: Trip) => trip.cell,
      range: 30 * 60_000,
      aggregate: fareSum,
    }),
    toArray(),
  ),
);

assert.deepEqual(
  changes.map((c) => `${c.kind} ${c.value.fare} -> ${c.result} (${c.count} trips)`),
  [
    'add 10 -> 10 (1 trips)',
    'add 6 -> 16 (2 trips)',
    'retract 10 -> 6 (1 trips)',
    'add 8 -> 14 (2 trips)',
  ],
);
