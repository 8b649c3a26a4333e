import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  airportOf,
  geohash,
  inBox,
  JFK_BOX,
  LGA_BOX,
  NYC_BOX,
  tripDurationMinutes,
  type GeoBox,
  type TripEvent,
} from '../src/index.js';
import { tripArbitrary } from '../src/arbitraries/index.js';

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The cell's rectangle, decoded independently of the encoder. */
function cellOf(hash: string): GeoBox {
  let minLat = -90;
  let maxLat = 90;
  let minLon = -180;
  let maxLon = 180;
  let lonBit = true;
  for (const char of hash) {
    const value = BASE32.indexOf(char);
    for (let bit = 4; bit >= 0; bit--) {
      const on = ((value >> bit) & 1) === 1;
      if (lonBit) {
        const mid = (minLon + maxLon) / 2;
        if (on) minLon = mid;
        else maxLon = mid;
      } else {
        const mid = (minLat + maxLat) / 2;
        if (on) minLat = mid;
        else maxLat = mid;
      }
      lonBit = !lonBit;
    }
  }
  return { minLat, maxLat, minLon, maxLon };
}

const latitude = fc.double({ min: -90, max: 90, noNaN: true });
const longitude = fc.double({ min: -180, max: 180, noNaN: true });

describe('geohash', () => {
  it.each([
    [57.64911, 10.40744, 11, 'u4pruydqqvj'],
    [40.7128, -74.006, 11, 'dr5regw3ppy'],
    [40.7128, -74.006, 7, 'dr5regw'],
    [42.6, -5.6, 5, 'ezs42'], // the Wikipedia example
    [0, 0, 1, 's'],
    [-90, -180, 3, '000'],
    [90, 180, 3, 'zzz'],
  ])('(%f, %f) at precision %i is %s', (lat, lon, precision, expected) => {
    expect(geohash(lat, lon, precision)).toBe(expected);
  });

  it('gives a cell that contains the point, half-open [min, max) except at the top edge', () => {
    fc.assert(
      fc.property(latitude, longitude, fc.integer({ min: 1, max: 12 }), (lat, lon, precision) => {
        const hash = geohash(lat, lon, precision);
        expect(hash).toHaveLength(precision);
        const cell = cellOf(hash);
        expect(lat >= cell.minLat && (lat < cell.maxLat || lat === 90)).toBe(true);
        expect(lon >= cell.minLon && (lon < cell.maxLon || lon === 180)).toBe(true);
      }),
    );
  });

  it('is a prefix of the same point at a higher precision', () => {
    fc.assert(
      fc.property(latitude, longitude, fc.integer({ min: 1, max: 11 }), (lat, lon, p) => {
        expect(geohash(lat, lon, p + 1).startsWith(geohash(lat, lon, p))).toBe(true);
      }),
    );
  });

  it('puts a point on a cell edge into the upper cell, as ch.hsr.geohash does', () => {
    // -73.828125 is a longitude cell edge at precision 7 (a dyadic fraction of 360 degrees).
    const edge = geohash(40.75, -73.828125, 7);
    expect(cellOf(edge).minLon).toBe(-73.828125);
  });

  it('rejects bad precisions and coordinates with RangeError', () => {
    expect(() => geohash(40, -73, 0)).toThrow(RangeError);
    expect(() => geohash(40, -73, 13)).toThrow(/precision/);
    expect(() => geohash(40, -73, 1.5)).toThrow(/precision/);
    expect(() => geohash(91, -73, 5)).toThrow(/latitude/);
    expect(() => geohash(40, NaN, 5)).toThrow(/longitude/);
  });
});

describe('boxes', () => {
  it('are the reference boxes', () => {
    expect(NYC_BOX).toEqual({ minLat: 40.56, maxLat: 40.878, minLon: -74.054, maxLon: -73.722 });
    expect(JFK_BOX).toEqual({ minLat: 40.632, maxLat: 40.654, minLon: -73.8, maxLon: -73.761 });
    expect(LGA_BOX).toEqual({ minLat: 40.766, maxLat: 40.778, minLon: -73.881, maxLon: -73.859 });
  });

  it('include their edges and corners', () => {
    for (const box of [NYC_BOX, JFK_BOX, LGA_BOX]) {
      for (const lat of [box.minLat, box.maxLat]) {
        for (const lon of [box.minLon, box.maxLon]) expect(inBox(box, lat, lon)).toBe(true);
      }
      expect(inBox(box, box.minLat - 1e-9, box.minLon)).toBe(false);
      expect(inBox(box, box.maxLat, box.maxLon + 1e-9)).toBe(false);
    }
  });

  it('airportOf names the box holding the point', () => {
    expect(airportOf(40.6413, -73.7781)).toBe('JFK');
    expect(airportOf(40.7769, -73.874)).toBe('LGA');
    expect(airportOf(LGA_BOX.maxLat, LGA_BOX.minLon)).toBe('LGA');
    expect(airportOf(40.7128, -74.006)).toBeUndefined();
    expect(airportOf(0, 0)).toBeUndefined();
  });

  it('airport boxes lie inside the NYC box', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 40.6, max: 40.8, noNaN: true }),
        fc.double({ min: -73.9, max: -73.7, noNaN: true }),
        (lat, lon) => {
          if (airportOf(lat, lon) !== undefined) expect(inBox(NYC_BOX, lat, lon)).toBe(true);
        },
      ),
    );
  });
});

describe('tripDurationMinutes', () => {
  const trip = (pickup: string, dropoff: string): TripEvent => ({
    trip_id: 1,
    pickup_datetime: pickup,
    dropoff_datetime: dropoff,
    pickup_latitude: 40.7,
    pickup_longitude: -73.9,
    dropoff_latitude: 40.7,
    dropoff_longitude: -73.9,
  });

  it.each([
    ['2016-01-01T00:00:00.000Z', '2016-01-01T00:00:59.999Z', 0],
    ['2016-01-01T00:00:00.000Z', '2016-01-01T00:01:00.000Z', 1],
    ['2016-01-01T00:00:00.000Z', '2016-01-01T00:31:59.000Z', 31],
    ['2016-01-01T00:01:30.000Z', '2016-01-01T00:00:00.000Z', -1],
    ['2016-01-01T00:00:30.000Z', '2016-01-01T00:00:00.000Z', 0],
  ])('from %s to %s is %i (truncated toward zero)', (pickup, dropoff, minutes) => {
    expect(Object.is(tripDurationMinutes(trip(pickup, dropoff)), minutes)).toBe(true);
  });

  it('agrees with floor(ms / 60000) for trips forward in time', () => {
    fc.assert(
      fc.property(tripArbitrary(), (t) => {
        const ms = Date.parse(t.dropoff_datetime) - Date.parse(t.pickup_datetime);
        expect(tripDurationMinutes(t)).toBe(Math.floor(ms / 60_000));
      }),
    );
  });
});
