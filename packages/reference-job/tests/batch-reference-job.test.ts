import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  airportOf,
  geohash,
  JFK_BOX,
  LGA_BOX,
  NYC_BOX,
  validateTrip,
  type TripEvent,
} from '@tripstream/trip-schema';
import { tripArbitrary } from '@tripstream/trip-schema/arbitraries';
import {
  batchReferenceJob,
  documentId,
  isTripDurationRecord,
  pickupCountDoc,
  resolveReferenceJobOptions,
  TAXI_INDEX_MAPPINGS,
  tripDurationDoc,
  tumblingWindowStart,
  type OutputRecord,
} from '../src/index.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2016, 0, 1); // 1451606400000

function trip(
  id: number,
  pickup: [number, number],
  dropoff: [number, number],
  pickupMs: number,
  dropoffMs: number,
): TripEvent {
  return {
    type: 'trip',
    trip_id: id,
    pickup_datetime: new Date(pickupMs).toISOString(),
    dropoff_datetime: new Date(dropoffMs).toISOString(),
    pickup_latitude: pickup[0],
    pickup_longitude: pickup[1],
    dropoff_latitude: dropoff[0],
    dropoff_longitude: dropoff[1],
  };
}

const MIDTOWN: [number, number] = [40.7549, -73.984];
const JFK: [number, number] = [40.6413, -73.7781];
const LGA: [number, number] = [40.7769, -73.874];

describe('validateTrip', () => {
  it.each([
    ['inside', MIDTOWN, MIDTOWN, 0, 60_000, undefined],
    ['pickup outside', [40.5, -73.9], MIDTOWN, 0, 1, 'pickup-outside-nyc'],
    ['dropoff outside', MIDTOWN, [40.9, -73.9], 0, 1, 'dropoff-outside-nyc'],
    ['zero coordinates', [0, 0], [0, 0], 0, 1, 'pickup-outside-nyc'],
    ['dropoff before pickup', MIDTOWN, MIDTOWN, 1000, 999, 'dropoff-before-pickup'],
    ['zero duration', MIDTOWN, MIDTOWN, 1000, 1000, undefined],
    [
      'both ends on box corners',
      [NYC_BOX.minLat, NYC_BOX.minLon],
      [NYC_BOX.maxLat, NYC_BOX.maxLon],
      0,
      1,
      undefined,
    ],
  ] as const)('%s', (_name, pickup, dropoff, p, d, expected) => {
    expect(validateTrip(trip(1, [...pickup], [...dropoff], T0 + p, T0 + d))).toBe(expected);
  });
});

describe('documents', () => {
  it('pickupCountDoc has the issue-7 shape, timestamp = window_end', () => {
    expect(pickupCountDoc('dr5ru7c', 1451610000000, 1451613600000, 12)).toEqual({
      location: 'dr5ru7c',
      geohash: 'dr5ru7c',
      pickup_count: 12,
      window_start: '2016-01-01T01:00:00.000Z',
      window_end: '2016-01-01T02:00:00.000Z',
      timestamp: '2016-01-01T02:00:00.000Z',
    });
  });

  it('tripDurationDoc has the issue-7 shape with the average computed', () => {
    expect(tripDurationDoc('dr5ru7', 'JFK', 1451610000000, 1451613600000, 3, 95)).toEqual({
      location: 'dr5ru7',
      geohash: 'dr5ru7',
      airport_code: 'JFK',
      trip_count: 3,
      sum_trip_duration: 95,
      avg_trip_duration: 31.666666666666668,
      window_start: '2016-01-01T01:00:00.000Z',
      window_end: '2016-01-01T02:00:00.000Z',
      timestamp: '2016-01-01T02:00:00.000Z',
    });
  });

  it('documentId is index:key:windowStart', () => {
    expect(documentId('pickup_count', 'dr5ru7c', 1451610000000)).toBe(
      'pickup_count:dr5ru7c:1451610000000',
    );
    expect(documentId('trip_duration', 'dr5ru7:JFK', 1451610000000)).toBe(
      'trip_duration:dr5ru7:JFK:1451610000000',
    );
  });

  it('the mappings name exactly the document fields, with the agreed types', () => {
    expect(Object.keys(TAXI_INDEX_MAPPINGS.pickup_count.properties).sort()).toEqual(
      Object.keys(pickupCountDoc('x', 0, 1, 1)).sort(),
    );
    expect(Object.keys(TAXI_INDEX_MAPPINGS.trip_duration.properties).sort()).toEqual(
      Object.keys(tripDurationDoc('x', 'LGA', 0, 1, 1, 1)).sort(),
    );
    const td = TAXI_INDEX_MAPPINGS.trip_duration.properties;
    expect(td.location.type).toBe('geo_point');
    expect(td.airport_code.type).toBe('keyword');
    expect(td.trip_count.type).toBe('long');
    expect(td.sum_trip_duration.type).toBe('long');
    expect(td.avg_trip_duration.type).toBe('double');
    expect(TAXI_INDEX_MAPPINGS.pickup_count.properties.pickup_count.type).toBe('long');
    expect(TAXI_INDEX_MAPPINGS.pickup_count.properties.timestamp.type).toBe('date');
  });
});

describe('tumblingWindowStart', () => {
  it('aligns windows to the epoch, [start, start + size)', () => {
    expect(tumblingWindowStart(T0, HOUR)).toBe(T0);
    expect(tumblingWindowStart(T0 + HOUR - 1, HOUR)).toBe(T0);
    expect(tumblingWindowStart(T0 + HOUR, HOUR)).toBe(T0 + HOUR);
    expect(tumblingWindowStart(-1, HOUR)).toBe(-HOUR);
  });
});

describe('batchReferenceJob', () => {
  it('computes the documents of a hand-made day', () => {
    const cellJfk6 = geohash(MIDTOWN[0], MIDTOWN[1], 6);
    const cell7 = geohash(MIDTOWN[0], MIDTOWN[1], 7);
    const trips = [
      // Two midtown -> JFK trips dropping off in the first hour: 40 and 51 minutes (51m59s).
      trip(1, MIDTOWN, JFK, T0 - 10 * 60_000, T0 + 30 * 60_000),
      trip(2, MIDTOWN, JFK, T0, T0 + 51 * 60_000 + 59_000),
      // One midtown -> LGA trip: fewer than 2, so no trip_duration document.
      trip(3, MIDTOWN, LGA, T0, T0 + 20 * 60_000),
      // Drops off exactly at the next window's start.
      trip(4, MIDTOWN, MIDTOWN, T0, T0 + HOUR),
      // Invalid ones are counted, not used.
      trip(5, [0, 0], MIDTOWN, T0, T0 + 1),
      trip(6, MIDTOWN, [41.5, -73.9], T0, T0 + 1),
      trip(7, MIDTOWN, MIDTOWN, T0 + 5000, T0 + 1000),
    ];
    const { records, counts } = batchReferenceJob(trips);
    expect(counts).toEqual({
      trips: 7,
      kept: 4,
      invalid: { 'pickup-outside-nyc': 1, 'dropoff-outside-nyc': 1, 'dropoff-before-pickup': 1 },
    });
    expect(records).toEqual([
      {
        index: 'pickup_count',
        id: `pickup_count:${cell7}:${T0}`,
        doc: pickupCountDoc(cell7, T0, T0 + HOUR, 3),
      },
      {
        index: 'pickup_count',
        id: `pickup_count:${cell7}:${T0 + HOUR}`,
        doc: pickupCountDoc(cell7, T0 + HOUR, T0 + 2 * HOUR, 1),
      },
      {
        index: 'trip_duration',
        id: `trip_duration:${cellJfk6}:JFK:${T0}`,
        doc: tripDurationDoc(cellJfk6, 'JFK', T0, T0 + HOUR, 2, 91),
      },
    ] satisfies OutputRecord[]);
  });

  it('honours windowMs, precisions and minTripsForDuration', () => {
    const trips = [
      trip(1, MIDTOWN, LGA, T0, T0 + 20 * 60_000),
      trip(2, MIDTOWN, LGA, T0, T0 + 40 * 60_000),
    ];
    const { records } = batchReferenceJob(trips, {
      windowMs: 30 * 60_000,
      pickupPrecision: 5,
      durationPrecision: 4,
      minTripsForDuration: 1,
    });
    expect(records.map((r) => r.id)).toEqual([
      `pickup_count:dr5ru:${T0}`,
      `pickup_count:dr5ru:${T0 + 30 * 60_000}`,
      `trip_duration:dr5r:LGA:${T0}`,
      `trip_duration:dr5r:LGA:${T0 + 30 * 60_000}`,
    ]);
  });

  it('rejects bad options with a RangeError naming the field and value', () => {
    expect(() => batchReferenceJob([], { windowMs: 0 })).toThrow(/windowMs.*got 0/);
    expect(() => batchReferenceJob([], { pickupPrecision: 13 })).toThrow(/pickupPrecision.*13/);
    expect(() => batchReferenceJob([], { durationPrecision: 2.5 })).toThrow(/durationPrecision/);
    expect(() => batchReferenceJob([], { minTripsForDuration: 0 })).toThrow(RangeError);
    expect(resolveReferenceJobOptions()).toEqual({
      windowMs: HOUR,
      pickupPrecision: 7,
      durationPrecision: 6,
      minTripsForDuration: 2,
    });
  });

  // Trips around Manhattan and the airports over a few hours, some invalid.
  const cityTrips = fc.array(
    fc.oneof(
      tripArbitrary({
        box: NYC_BOX,
        minTime: T0,
        maxTime: T0 + 4 * HOUR,
        maxDurationMs: HOUR,
        allowDropoffBeforePickup: true,
      }),
      tripArbitrary({ box: JFK_BOX, minTime: T0, maxTime: T0 + 4 * HOUR, maxDurationMs: HOUR }),
      tripArbitrary({ box: LGA_BOX, minTime: T0, maxTime: T0 + 4 * HOUR, maxDurationMs: HOUR }),
      tripArbitrary({ minTime: T0, maxTime: T0 + 4 * HOUR }),
    ),
    { maxLength: 200 },
  );

  it('counts every kept trip once in pickup_count, and every kept airport trip once in trip_duration', () => {
    fc.assert(
      fc.property(cityTrips, (trips) => {
        const { records, counts } = batchReferenceJob(trips, { minTripsForDuration: 1 });
        const kept = trips.filter((t) => validateTrip(t) === undefined);
        const airport = kept.filter((t) => airportOf(t.dropoff_latitude, t.dropoff_longitude));
        const docs = (index: string) => records.filter((r) => r.index === index).map((r) => r.doc);
        expect(counts.kept).toBe(kept.length);
        expect(counts.trips).toBe(trips.length);
        expect(counts.kept + Object.values(counts.invalid).reduce((a, b) => a + b, 0)).toBe(
          trips.length,
        );
        expect(
          docs('pickup_count').reduce(
            (n, d) => n + (d as { pickup_count: number }).pickup_count,
            0,
          ),
        ).toBe(kept.length);
        expect(
          docs('trip_duration').reduce((n, d) => n + (d as { trip_count: number }).trip_count, 0),
        ).toBe(airport.length);
      }),
    );
  });

  it('gives sorted, unique ids whatever the input order', () => {
    fc.assert(
      fc.property(
        cityTrips.chain((t) =>
          fc.tuple(fc.constant(t), fc.shuffledSubarray(t, { minLength: t.length })),
        ),
        ([trips, shuffled]) => {
          const a = batchReferenceJob(trips);
          expect(batchReferenceJob(shuffled)).toEqual(a);
          const ids = a.records.map((r) => r.id);
          expect(new Set(ids).size).toBe(ids.length);
          const keys = a.records.map((r) => [r.index, Date.parse(r.doc.window_start), r.id]);
          const sorted = [...keys].sort((x, y) =>
            x[0] !== y[0]
              ? x[0] < y[0]
                ? -1
                : 1
              : (x[1] as number) - (y[1] as number) || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0),
          );
          expect(keys).toEqual(sorted);
          for (const r of a.records) {
            if (isTripDurationRecord(r)) expect(r.doc.trip_count).toBeGreaterThanOrEqual(2);
          }
        },
      ),
    );
  });
});
