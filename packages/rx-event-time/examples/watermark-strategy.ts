import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import {
  assignTimestampsAndWatermarks,
  countAggregate,
  tumblingEventTimeWindows,
  WatermarkStrategy,
  windowAggregate,
} from '../src/index.js';

interface Trip {
  cell: string;
  dropoff: string;
}

const trips: Trip[] = [
  { cell: 'dr5ru7c', dropoff: '2016-01-01T00:20:35Z' },
  { cell: 'dr5ru7c', dropoff: '2016-01-01T00:10:00Z' }, // 10 minutes out of order: still counted
  { cell: 'dr5rsjz', dropoff: '2016-01-01T01:05:00Z' },
];

const results = await lastValueFrom(
  from(trips).pipe(
    assignTimestampsAndWatermarks(
      WatermarkStrategy.forBoundedOutOfOrderness<Trip>(15 * 60_000).withTimestampAssigner((trip) =>
        Date.parse(trip.dropoff),
      ),
    ),
    windowAggregate(
      tumblingEventTimeWindows({ size: 3_600_000 }),
      (trip: Trip) => trip.cell,
      countAggregate<Trip>(),
    ),
    toArray(),
  ),
);

const hour = Date.parse('2016-01-01T00:00:00Z');
assert.deepEqual(results, [
  { key: 'dr5ru7c', window: { start: hour, end: hour + 3_600_000 }, value: 2, isUpdate: false },
  {
    key: 'dr5rsjz',
    window: { start: hour + 3_600_000, end: hour + 7_200_000 },
    value: 1,
    isUpdate: false,
  },
]);
