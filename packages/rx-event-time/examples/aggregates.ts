import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import {
  tumblingEventTimeWindows,
  windowAggregate,
  windowProcess,
  type AggregateFunction,
  type StreamEvent,
} from '../src/index.js';

interface Trip {
  cell: string;
  airport: 'JFK' | 'LGA';
  minutes: number;
}

/** Count and sum of durations per (cell, airport): memory per window and key, not per trip. */
const durations: AggregateFunction<
  Trip,
  { count: number; sum: number },
  { count: number; avg: number }
> = {
  createAccumulator: () => ({ count: 0, sum: 0 }),
  add: (trip, acc) => ({ count: acc.count + 1, sum: acc.sum + trip.minutes }),
  merge: (a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum }),
  getResult: (acc) => ({ count: acc.count, avg: acc.sum / acc.count }),
};

const trips: StreamEvent<Trip>[] = [
  { kind: 'record', timestamp: 1_000, value: { cell: 'dr5ru7', airport: 'JFK', minutes: 30 } },
  { kind: 'record', timestamp: 2_000, value: { cell: 'dr5ru7', airport: 'JFK', minutes: 41 } },
  { kind: 'record', timestamp: 3_000, value: { cell: 'dr5ru7', airport: 'LGA', minutes: 22 } },
];
const hourly = tumblingEventTimeWindows({ size: 3_600_000 });
const byCellAndAirport = (trip: Trip) => `${trip.cell}|${trip.airport}`;

const aggregated = await lastValueFrom(
  from([trips]).pipe(windowAggregate(hourly, byCellAndAirport, durations), toArray()),
);
assert.deepEqual(
  aggregated.map((r) => [r.key, r.value]),
  [
    ['dr5ru7|JFK', { count: 2, avg: 35.5 }],
    ['dr5ru7|LGA', { count: 1, avg: 22 }],
  ],
);

// The full-window variant sees every trip of the window (memory grows with trips).
const medians = await lastValueFrom(
  from([trips]).pipe(
    windowProcess(hourly, byCellAndAirport, (key, window, all) => {
      const sorted = all.map((t) => t.minutes).sort((a, b) => a - b);
      return `${key} ${window.start}: median ${sorted[Math.floor(sorted.length / 2)]} min`;
    }),
    toArray(),
  ),
);
assert.deepEqual(
  medians.map((r) => r.value),
  ['dr5ru7|JFK 0: median 41 min', 'dr5ru7|LGA 0: median 22 min'],
);
