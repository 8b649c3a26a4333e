import { geohash, NYC_BOX } from '@tripstream/trip-schema';
import { describe, expect, test } from 'vitest';
import { geohashPrecisionForZoom } from '../src/queries/geohash-precision-for-zoom.js';
import { mapCollar } from '../src/queries/map-collar.js';
import { geohashBounds } from '../src/index.js';

/** A deterministic stream of points (a linear congruential generator), no test dependency needed. */
function* points(n: number, seed = 42) {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++)
    yield { lat: next() * 180 - 90, lon: next() * 360 - 180, p: 1 + Math.floor(next() * 12) };
}

describe('geohashBounds', () => {
  test("is the inverse of the schema's geohash: the point lies in its cell, the centre encodes back", () => {
    for (const { lat, lon, p } of points(3000)) {
      const hash = geohash(lat, lon, p);
      const b = geohashBounds(hash);
      expect(lat).toBeGreaterThanOrEqual(b.south);
      expect(lat).toBeLessThanOrEqual(b.north);
      expect(lon).toBeGreaterThanOrEqual(b.west);
      expect(lon).toBeLessThanOrEqual(b.east);
      expect(geohash((b.south + b.north) / 2, (b.west + b.east) / 2, p)).toBe(hash);
    }
  });

  test('knows a published cell and rejects what is not a geohash', () => {
    const b = geohashBounds('dr5regw3ppy');
    expect((b.south + b.north) / 2).toBeCloseTo(40.7128, 4);
    expect((b.west + b.east) / 2).toBeCloseTo(-74.006, 4);
    expect(() => geohashBounds('')).toThrow(RangeError);
    expect(() => geohashBounds('dr5a')).toThrow(RangeError);
  });
});

describe('the coordinate map geometry', () => {
  test('auto precision follows Kibana: 16 px per column, capped at 7', () => {
    expect([3, 9, 10, 11, 13, 14, 18].map((z) => geohashPrecisionForZoom(z))).toEqual([
      2, 5, 5, 6, 6, 7, 7,
    ]);
  });

  test('the collar at the saved zoom covers the whole NYC box', () => {
    const center = [
      (NYC_BOX.minLat + NYC_BOX.maxLat) / 2,
      (NYC_BOX.minLon + NYC_BOX.maxLon) / 2,
    ] as const;
    const box = mapCollar(center, 11);
    expect(box.top_left.lat).toBeGreaterThan(NYC_BOX.maxLat);
    expect(box.bottom_right.lat).toBeLessThan(NYC_BOX.minLat);
    expect(box.top_left.lon).toBeLessThan(NYC_BOX.minLon);
    expect(box.bottom_right.lon).toBeGreaterThan(NYC_BOX.maxLon);
  });
});
