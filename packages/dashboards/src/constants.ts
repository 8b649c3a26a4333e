/**
 * The dashboard's time range when none is given: the UTC day of the repository's trip fixtures
 * (the 2013 DEBS and Flink training rides), which is what `npm start` replays.
 */
export const DEFAULT_TIME_RANGE = Object.freeze({
  from: '2013-01-01T00:00:00.000Z',
  to: '2013-01-02T00:00:00.000Z',
});

/** Bucket width of the time charts; the processor's default tumbling window (1 hour). */
export const DEFAULT_INTERVAL = '1h';

/**
 * Leaflet zoom the hot-spot map opens at. At zoom 11 Kibana's auto precision (a geohash column at
 * least 16 px wide, capped by `visualization:tileMap:maxPrecision` = 7) is 6 characters.
 */
export const MAP_ZOOM = 11;

/** Kibana's default `visualization:tileMap:maxPrecision` (geohash characters). */
export const MAX_GEOHASH_PRECISION = 7;

/** Size of the map viewport the collar filter is computed for, in CSS pixels (a dashboard panel on a laptop). */
export const MAP_VIEWPORT_PX = Object.freeze({ width: 1024, height: 768 });

/** Airports the duration chart draws one line for, in legend order. */
export const AIRPORTS = Object.freeze(['JFK', 'LGA'] as const);

/** Rows of the top-cells table. */
export const TOP_CELLS = 10;
