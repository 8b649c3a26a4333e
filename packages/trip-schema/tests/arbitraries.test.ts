import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inBox, isWatermark, JFK_BOX } from '../src/index.js';
import { tripArbitrary, watermarkArbitrary, wireEventArbitrary } from '../src/arbitraries/index.js';

describe('arbitraries', () => {
  it('tripArbitrary respects its constraints', () => {
    const minTime = Date.UTC(2013, 0, 1);
    const maxTime = Date.UTC(2013, 0, 2);
    fc.assert(
      fc.property(
        tripArbitrary({
          box: JFK_BOX,
          minTime,
          maxTime,
          maxDurationMs: 60_000,
          withOptionalFields: false,
          minTripId: 5,
          maxTripId: 9,
        }),
        (trip) => {
          expect(inBox(JFK_BOX, trip.pickup_latitude, trip.pickup_longitude)).toBe(true);
          expect(inBox(JFK_BOX, trip.dropoff_latitude, trip.dropoff_longitude)).toBe(true);
          const pickup = Date.parse(trip.pickup_datetime);
          const dropoff = Date.parse(trip.dropoff_datetime);
          expect(pickup).toBeGreaterThanOrEqual(minTime);
          expect(pickup).toBeLessThanOrEqual(maxTime);
          expect(dropoff - pickup).toBeGreaterThanOrEqual(0);
          expect(dropoff - pickup).toBeLessThanOrEqual(60_000);
          expect(trip.trip_id).toBeGreaterThanOrEqual(5);
          expect(trip.trip_id).toBeLessThanOrEqual(9);
          expect(Object.keys(trip)).toHaveLength(8);
        },
      ),
    );
  });

  it('tripArbitrary produces dropoffs before pickups only when allowed', () => {
    const backwards = fc.sample(tripArbitrary({ allowDropoffBeforePickup: true }), 300);
    expect(backwards.some((t) => t.dropoff_datetime < t.pickup_datetime)).toBe(true);
    const forwards = fc.sample(tripArbitrary(), 300);
    expect(forwards.every((t) => t.dropoff_datetime >= t.pickup_datetime)).toBe(true);
  });

  it('never produces -0, which JSON cannot carry', () => {
    fc.assert(
      fc.property(tripArbitrary({ box: { minLat: -1, maxLat: 0, minLon: 0, maxLon: 1 } }), (t) => {
        for (const v of [
          t.pickup_latitude,
          t.pickup_longitude,
          t.dropoff_latitude,
          t.dropoff_longitude,
        ]) {
          expect(Object.is(v, -0)).toBe(false);
        }
      }),
    );
  });

  it('rejects bad constraints with a RangeError naming them', () => {
    expect(() => tripArbitrary({ minTime: 10, maxTime: 5 })).toThrow(/maxTime/);
    expect(() => tripArbitrary({ maxDurationMs: -1 })).toThrow(/maxDurationMs/);
    expect(() => tripArbitrary({ box: { minLat: 10, maxLat: 0, minLon: 0, maxLon: 1 } })).toThrow(
      /box/,
    );
    expect(() => tripArbitrary({ minTripId: -1 })).toThrow(/minTripId/);
    expect(() => watermarkArbitrary({ minTime: 2, maxTime: 1 })).toThrow(/maxTime/);
  });

  it('watermarkArbitrary includes +infinity unless excluded', () => {
    expect(fc.sample(watermarkArbitrary(), 300).some((w) => w.watermark === '+infinity')).toBe(
      true,
    );
    expect(
      fc
        .sample(watermarkArbitrary({ withEndOfStream: false }), 300)
        .some((w) => w.watermark === '+infinity'),
    ).toBe(false);
  });

  it('wireEventArbitrary mixes trips and watermarks, same seed same values', () => {
    const a = fc.sample(wireEventArbitrary(), { seed: 42, numRuns: 100 });
    const b = fc.sample(wireEventArbitrary(), { seed: 42, numRuns: 100 });
    expect(a).toEqual(b);
    expect(a.some(isWatermark)).toBe(true);
    expect(a.some((e) => !isWatermark(e))).toBe(true);
  });
});
