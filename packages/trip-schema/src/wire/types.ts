/**
 * One taxi trip on the wire. Event time is the dropoff instant (see `eventTimeOf`).
 *
 * Times are ISO-8601 instants in UTC (`2016-01-01T00:20:35.000Z`). Coordinates are WGS 84 degrees;
 * `0` means "unknown" in the TLC data and is kept as-is (the processor filters, not the decoder).
 */
export interface TripEvent {
  /** Absent on the older reference data; `decode` always fills it in. */
  type?: 'trip';
  /** Deterministic id assigned by the converter: the row's rank in dropoff order, from 1. */
  trip_id: number;
  /**
   * The taxi: the TLC medallion (an anonymised hash in the 2013 FOIL and DEBS 2015 data, the taxi
   * id in the Flink training rides). Keys the DEBS 2015 "empty taxis" query.
   */
  medallion?: string;
  /** The driver: the TLC hack licence (anonymised hash), or the Flink rides' driver id. */
  hack_license?: string;
  pickup_datetime: string;
  dropoff_datetime: string;
  /** Whole seconds from pickup to dropoff, as reported by the taximeter (2013 FOIL / DEBS data). */
  trip_time_in_secs?: number;
  pickup_latitude: number;
  pickup_longitude: number;
  dropoff_latitude: number;
  dropoff_longitude: number;
  passenger_count?: number;
  /** Miles, as reported by the taximeter. */
  trip_distance?: number;
  /** US dollars. */
  fare_amount?: number;
  /** US dollars: rush-hour and overnight surcharges (the TLC's `extra` column from 2015). */
  surcharge?: number;
  /** US dollars: the MTA tax. */
  mta_tax?: number;
  /** US dollars. */
  tip_amount?: number;
  /** US dollars. */
  tolls_amount?: number;
  /** US dollars. */
  total_amount?: number;
  vendor_id?: string;
  payment_type?: string;
}

/**
 * A punctuated watermark: no trip with an event time at or before `watermark` follows on the same
 * stream (or shard). `'+infinity'` announces the end of a bounded stream.
 */
export interface WatermarkEvent {
  type: 'watermark';
  /** ISO-8601 UTC instant, or `'+infinity'` for end of stream. */
  watermark: string;
}

/** Everything that can appear on one line of a wire file or in one Kinesis record. */
export type WireEvent = TripEvent | WatermarkEvent;

/** The wire name of the end-of-stream watermark. */
export const INFINITY_WATERMARK = '+infinity';
