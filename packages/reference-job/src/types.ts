import type { AirportCode } from '@tripstream/trip-schema';

/** The reference job's two OpenSearch indices (before any `--index-prefix`). */
export type TaxiIndex = 'pickup_count' | 'trip_duration';

/** Trips per pickup cell per window. Times are ISO-8601 UTC with milliseconds. */
export interface PickupCountDoc {
  /** The cell as an OpenSearch `geo_point` (a geohash string is a valid point). */
  location: string;
  geohash: string;
  pickup_count: number;
  window_start: string;
  window_end: string;
  /** Equal to `window_end`. */
  timestamp: string;
}

/** Airport trips per (pickup cell, airport) per window, with durations in whole minutes. */
export interface TripDurationDoc {
  location: string;
  geohash: string;
  airport_code: AirportCode;
  trip_count: number;
  sum_trip_duration: number;
  avg_trip_duration: number;
  window_start: string;
  window_end: string;
  /** Equal to `window_end`. */
  timestamp: string;
}

/** One document for one index, with its deterministic id (see `documentId`). */
export interface OutputRecord {
  index: TaxiIndex;
  id: string;
  doc: PickupCountDoc | TripDurationDoc;
}

/** An {@link OutputRecord} of the `pickup_count` index. */
export interface PickupCountRecord extends OutputRecord {
  index: 'pickup_count';
  doc: PickupCountDoc;
}

/** An {@link OutputRecord} of the `trip_duration` index. */
export interface TripDurationRecord extends OutputRecord {
  index: 'trip_duration';
  doc: TripDurationDoc;
}
