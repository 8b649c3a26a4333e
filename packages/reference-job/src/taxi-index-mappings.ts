import type { TaxiIndex } from './types.js';

/** An OpenSearch field mapping, as far as these indices need one. */
export interface FieldMapping {
  readonly type: 'geo_point' | 'keyword' | 'date' | 'long' | 'double';
}

/** The `mappings` body of one index. */
export interface IndexMapping {
  readonly properties: Readonly<Record<string, FieldMapping>>;
}

/** OpenSearch mappings of the reference job's indices (use as `body.mappings` on create). */
export const TAXI_INDEX_MAPPINGS: Readonly<Record<TaxiIndex, IndexMapping>> = Object.freeze({
  pickup_count: {
    properties: {
      location: { type: 'geo_point' },
      geohash: { type: 'keyword' },
      pickup_count: { type: 'long' },
      window_start: { type: 'date' },
      window_end: { type: 'date' },
      timestamp: { type: 'date' },
    },
  },
  trip_duration: {
    properties: {
      location: { type: 'geo_point' },
      geohash: { type: 'keyword' },
      airport_code: { type: 'keyword' },
      trip_count: { type: 'long' },
      sum_trip_duration: { type: 'long' },
      avg_trip_duration: { type: 'double' },
      window_start: { type: 'date' },
      window_end: { type: 'date' },
      timestamp: { type: 'date' },
    },
  },
});
