import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TripEvent } from '@tripstream/trip-schema';
import { createDebsQuery } from '../src/index.js';
import { bruteFrequentRoutes, bruteProfitableCells } from './support/brute-force.js';

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 100);
const START = Date.UTC(2013, 0, 1);

/**
 * Trips packed into a few cells around midtown (so routes and cells collide and tie), some outside
 * the grid, dropoffs mostly in order with steps of 0-4 min, sometimes up to 40 min back (late or
 * out-of-order trips), a handful of taxis, fares and tips sometimes missing.
 */
const tripsArbitrary = fc
  .array(
    fc.record({
      step: fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 0, max: 4 * 60 }) },
        { weight: 1, arbitrary: fc.integer({ min: -40 * 60, max: 0 }) },
      ),
      duration: fc.integer({ min: 0, max: 20 * 60 }),
      from: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
      to: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
      outside: fc.integer({ min: 0, max: 19 }),
      medallion: fc.option(fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'), { freq: 10 }),
      fare: fc.option(fc.integer({ min: 2, max: 12 }), { freq: 10 }),
      tip: fc.option(fc.constantFrom(0, 0.5, 1, 2.25), { freq: 3 }),
    }),
    { maxLength: 250 },
  )
  .map((rows) => {
    let t = START / 1000;
    return rows.map((r, i): TripEvent => {
      t += r.step;
      // 0.0015° steps straddle the 250 m and 500 m cell edges.
      const lat = (k: number) => 40.75 + 0.0015 * k;
      const lon = (k: number) => -73.98 + 0.0015 * k;
      return {
        type: 'trip',
        trip_id: i + 1,
        ...(r.medallion === null ? {} : { medallion: r.medallion }),
        pickup_datetime: new Date((t - r.duration) * 1000).toISOString(),
        dropoff_datetime: new Date(t * 1000).toISOString(),
        pickup_latitude: r.outside === 0 ? 0 : lat(r.from[0]),
        pickup_longitude: r.outside === 0 ? 0 : lon(r.from[1]),
        dropoff_latitude: r.outside === 1 ? 45 : lat(r.to[0]),
        dropoff_longitude: lon(r.to[1]),
        ...(r.fare === null ? {} : { fare_amount: r.fare }),
        ...(r.tip === null ? {} : { tip_amount: r.tip }),
      };
    });
  });

const linesOf = (query: 1 | 2, trips: readonly TripEvent[]) => {
  const q = createDebsQuery(query);
  return trips.map((t) => q.process(t)).filter((l): l is string => l !== undefined);
};

describe('random trip streams: the incremental queries equal the from-scratch ones', () => {
  it('query 1, frequent routes', () => {
    fc.assert(
      fc.property(tripsArbitrary, (trips) => {
        expect(linesOf(1, trips)).toEqual(bruteFrequentRoutes(trips));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('query 2, profitable cells', () => {
    fc.assert(
      fc.property(tripsArbitrary, (trips) => {
        expect(linesOf(2, trips)).toEqual(bruteProfitableCells(trips));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the streams are not trivial: rankings of several routes and cells that change', () => {
    const streams = fc.sample(tripsArbitrary, { numRuns: 30, seed: 7 });
    const q1 = streams.flatMap((trips) => linesOf(1, trips));
    const q2 = streams.flatMap((trips) => linesOf(2, trips));
    const nulls = (line: string) => line.split(',').filter((f) => f === 'NULL').length;
    expect(q1.length).toBeGreaterThan(50);
    expect(q2.length).toBeGreaterThan(20);
    // Query 1 ranks at least 7 routes at some point, query 2 at least 3 cells.
    expect(Math.min(...q1.map(nulls))).toBeLessThanOrEqual(6);
    expect(Math.min(...q2.map(nulls))).toBeLessThanOrEqual(28);
  });
});
