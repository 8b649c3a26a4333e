import assert from 'node:assert/strict';
import type { TripEvent } from '@tripstream/trip-schema';
import { cellId, cellOf, createDebsQuery, QUERY1_GRID } from '../src/index.js';

const trip = (id: number, dropoff: string, medallion: string, fare: number): TripEvent => ({
  trip_id: id,
  medallion,
  pickup_datetime: '2013-01-01T05:00:00.000Z',
  dropoff_datetime: dropoff,
  pickup_latitude: 40.7589,
  pickup_longitude: -73.9851, // Times Square
  dropoff_latitude: 40.7527,
  dropoff_longitude: -73.9772, // Grand Central
  fare_amount: fare,
  tip_amount: 1,
});

assert.equal(cellId(QUERY1_GRID, cellOf(QUERY1_GRID, 40.7589, -73.9851)), '156.160');

// Query 1: the first trip puts its route at rank 1 (a line); the second changes nothing.
const routes = createDebsQuery(1);
const first = routes.process(trip(1, '2013-01-01T05:10:00.000Z', 'A', 9));
assert.equal(
  first,
  '2013-01-01T05:00:00.000Z,2013-01-01T05:10:00.000Z,156.160,157.162' + ',NULL,NULL'.repeat(9),
);
assert.equal(routes.process(trip(2, '2013-01-01T05:12:00.000Z', 'B', 5)), undefined);

// Query 2: taxi A is empty in the dropoff cell, which no trip started from: no ranked cell yet.
const cells = createDebsQuery(2);
assert.equal(cells.process(trip(1, '2013-01-01T05:10:00.000Z', 'A', 9)), undefined);
assert.deepEqual(cells.stats(), {
  trips: 1,
  outsideGrid: 0,
  late: 0,
  withoutFare: 0,
  withoutMedallion: 0,
  lines: 0,
});
