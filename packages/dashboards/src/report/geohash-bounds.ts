const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** A geohash cell's rectangle in degrees. */
export interface CellBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The rectangle a geohash names (the inverse of encoding: every point inside encodes to it).
 *
 * @throws RangeError for an empty hash or a character outside the geohash alphabet.
 */
export function geohashBounds(hash: string): CellBounds {
  if (hash.length === 0) throw new RangeError('geohashBounds: empty geohash');
  let west = -180;
  let east = 180;
  let south = -90;
  let north = 90;
  let even = true; // longitude bits first
  for (const ch of hash) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new RangeError(`geohashBounds: ${JSON.stringify(hash)} is not a geohash`);
    for (let bit = 4; bit >= 0; bit--) {
      const on = ((index >> bit) & 1) === 1;
      if (even) {
        const mid = (west + east) / 2;
        if (on) west = mid;
        else east = mid;
      } else {
        const mid = (south + north) / 2;
        if (on) south = mid;
        else north = mid;
      }
      even = !even;
    }
  }
  return { west, south, east, north };
}
