import { MAX_GEOHASH_PRECISION } from '../constants.js';

/** Pixels a geohash column must at least span on screen (Kibana's `minGeohashPixels`). */
const MIN_GEOHASH_PIXELS = 16;

/**
 * The geohash precision Kibana's coordinate map picks at a Leaflet zoom level when
 * `autoPrecision` is on: the finest whose columns are at least 16 px wide on a 256 px tile
 * world, capped at `maxPrecision`.
 */
export function geohashPrecisionForZoom(
  zoom: number,
  maxPrecision = MAX_GEOHASH_PRECISION,
): number {
  const worldPixels = 256 * 2 ** zoom;
  let precision = 1;
  for (let p = 2; p <= maxPrecision; p++) {
    // A geohash of p characters has ceil(5p / 2) longitude bits.
    const columns = 2 ** Math.ceil((5 * p) / 2);
    if (worldPixels / columns < MIN_GEOHASH_PIXELS) break;
    precision = p;
  }
  return precision;
}
