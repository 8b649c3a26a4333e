import type { TimeRange } from '../saved-objects/saved-objects-options.js';

/** One geohash cell of the hot-spot map. */
export interface ReportCell {
  hash: string;
  /** Pickups in the cell over the time range. */
  pickups: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

/** One point of a duration line: a window (by its end) and its average. */
export interface ReportPoint {
  /** Window end, ISO-8601. */
  time: string;
  /** sum(sum_trip_duration) / sum(trip_count), minutes; `null` when the window had no trips. */
  avgTripDuration: number | null;
  trips: number;
  minutes: number;
}

/** The average trip duration to one airport, per window. */
export interface ReportSeries {
  /** The airport code, e.g. `JFK`. */
  name: string;
  color?: string;
  points: ReportPoint[];
}

/** One borough's outline under the hot-spot map. */
export interface ReportBorough {
  /** `Manhattan`, `Brooklyn`, ... */
  name: string;
  /** County FIPS code, e.g. `36061` (New York County = Manhattan). */
  fips: string;
  /** Where its name is written: [lon, lat]. */
  label: [number, number];
  /** Closed rings of [lon, lat], one per island or part. */
  rings: [number, number][][];
}

/** Everything the report page draws; embedded in it as JSON. */
export interface ReportModel {
  title: string;
  generatedAt: string;
  timeRange: TimeRange;
  indices: { pickupCount: string; tripDuration: string };
  /** Geohash characters of the map's cells. */
  precision: number;
  cells: ReportCell[];
  /** Drawn under the cells (public-domain Census boundaries shipped with the package). */
  boroughs: ReportBorough[];
  boxes: { name: string; minLat: number; maxLat: number; minLon: number; maxLon: number }[];
  totalTrips: number;
  series: ReportSeries[];
  tripsPerWindow: { time: string; trips: number }[];
  topCells: { hash: string; pickups: number; lat: number; lon: number }[];
}
