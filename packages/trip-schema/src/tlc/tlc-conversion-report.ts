import type { AirportCode } from '../geo/airport-of.js';
import type { InvalidReason } from '../geo/validate-trip.js';
import type { TlcLayout } from './tlc-layout.js';

/** Why a raw row could not become a trip. */
export type UnconvertibleReason =
  | 'too-few-fields'
  | 'bad-event-kind'
  | 'bad-datetime'
  | 'bad-coordinate'
  | 'coordinate-out-of-range';

/** Every {@link UnconvertibleReason}. */
export const UNCONVERTIBLE_REASONS: readonly UnconvertibleReason[] = Object.freeze([
  'too-few-fields',
  'bad-event-kind',
  'bad-datetime',
  'bad-coordinate',
  'coordinate-out-of-range',
]);

/** One row `convertTlc` could not convert. */
export interface UnconvertibleRow {
  /** The input's path, or `<input N>` for a stream (N from 0). */
  input: string;
  /** 1-based line number in that input (after decompression). */
  lineNumber: number;
  reason: UnconvertibleReason;
  /** Which field and value, in words. */
  detail: string;
  /** The raw row, cut to 200 characters. */
  text: string;
}

/** Per-input part of a {@link TlcConversionReport}. */
export interface TlcInputReport {
  input: string;
  layout: TlcLayout;
  /** Data rows read (no header, no empty lines). */
  rows: number;
  /** Rows that became trips (before `limit`). */
  converted: number;
  /** Flink START events: not trips, skipped by design. */
  skippedStartEvents: number;
  unconvertible: number;
}

/** What `convertTlc` did; the CLI prints it. All counts are of the written trips unless named otherwise. */
export interface TlcConversionReport {
  /** The IANA zone the raw wall-clock times were read in. */
  sourceTimeZone: string;
  inputs: TlcInputReport[];
  /** Trips written. */
  trips: number;
  /** Converted trips left out because their dropoff is outside `dropoffFrom`..`dropoffTo`. */
  droppedByRange: number;
  /** Converted trips left out because of `limit` (the latest dropoffs). */
  droppedByLimit: number;
  unconvertible: {
    total: number;
    byReason: Record<UnconvertibleReason, number>;
    /** The first `maxReportedRows` of them, in input order. */
    first: UnconvertibleRow[];
  };
  /** Written as they are, because filtering is the processor's job; counted so nobody is surprised. */
  flagged: {
    /** Trips with at least one coordinate equal to 0 ("unknown" in TLC data). */
    zeroCoordinates: number;
    dropoffBeforePickup: number;
    /** Times that fell in a daylight-saving gap (moved forward) or overlap (earlier instant taken). */
    dstGap: number;
    dstOverlap: number;
    /** Optional values (passenger count, money, ...) that did not parse and were left out. */
    optionalValuesDropped: number;
  };
  /** First and last dropoff written, ISO-8601 UTC. */
  dropoffRange?: { first: string; last: string };
  /** What the reference job's NYC filter makes of the written trips (documents: `@tripstream/reference-job`). */
  referenceJob: {
    /** Trips passing the NYC filter (`validateTrip`). */
    kept: number;
    invalid: Record<InvalidReason, number>;
    /** Kept trips dropping off in an airport box (the input of `trip_duration`). */
    airportTrips: Record<AirportCode, number>;
  };
}
