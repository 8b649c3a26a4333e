const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * Geohash cell of a point, `precision` base-32 characters (1..12).
 *
 * A value exactly on a cell boundary goes to the upper cell (`>=`), as in `ch.hsr.geohash`, the
 * library of the reference Flink job, so boundary points land in the same cell as there.
 *
 * @throws RangeError for a precision outside 1..12 or a coordinate out of range.
 */
export function geohash(latitude: number, longitude: number, precision: number): string {
  if (!(Number.isInteger(precision) && precision >= 1 && precision <= 12)) {
    throw new RangeError(`geohash: precision must be an integer in 1..12, got ${precision}`);
  }
  if (!(latitude >= -90 && latitude <= 90)) {
    throw new RangeError(`geohash: latitude must be in [-90, 90], got ${latitude}`);
  }
  if (!(longitude >= -180 && longitude <= 180)) {
    throw new RangeError(`geohash: longitude must be in [-180, 180], got ${longitude}`);
  }
  let minLat = -90;
  let maxLat = 90;
  let minLon = -180;
  let maxLon = 180;
  let hash = '';
  let even = true; // longitude bits come first
  for (let c = 0; c < precision; c++) {
    let index = 0;
    for (let bit = 0; bit < 5; bit++) {
      index <<= 1;
      if (even) {
        const mid = (minLon + maxLon) / 2;
        if (longitude >= mid) {
          index |= 1;
          minLon = mid;
        } else {
          maxLon = mid;
        }
      } else {
        const mid = (minLat + maxLat) / 2;
        if (latitude >= mid) {
          index |= 1;
          minLat = mid;
        } else {
          maxLat = mid;
        }
      }
      even = !even;
    }
    hash += BASE32[index];
  }
  return hash;
}
