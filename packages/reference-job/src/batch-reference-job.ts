import {
  airportOf,
  eventTimeOf,
  geohash,
  INVALID_REASONS,
  tripDurationMinutes,
  validateTrip,
  type AirportCode,
  type InvalidReason,
  type TripEvent,
} from '@tripstream/trip-schema';
import { documentId } from './document-id.js';
import { pickupCountDoc } from './pickup-count-doc.js';
import { resolveReferenceJobOptions, type ReferenceJobOptions } from './reference-job-options.js';
import { tripDurationDoc } from './trip-duration-doc.js';
import { tumblingWindowStart } from './tumbling-window-start.js';
import type { OutputRecord } from './types.js';

/** What {@link batchReferenceJob} returns. */
export interface BatchReferenceJobResult {
  /** Sorted by index, then window start, then key (code-unit order). */
  records: OutputRecord[];
  counts: {
    /** Trips read. */
    trips: number;
    /** Trips that passed `validateTrip`. */
    kept: number;
    invalid: Record<InvalidReason, number>;
  };
}

/**
 * The reference job as a plain group-by over all trips at once, with no notion of arrival order
 * or lateness: the answer a streaming run must reproduce once every window has fired.
 */
export function batchReferenceJob(
  trips: Iterable<TripEvent>,
  options?: ReferenceJobOptions,
): BatchReferenceJobResult {
  const { windowMs, pickupPrecision, durationPrecision, minTripsForDuration } =
    resolveReferenceJobOptions(options);
  const invalid = Object.fromEntries(INVALID_REASONS.map((r) => [r, 0])) as Record<
    InvalidReason,
    number
  >;
  const pickups = new Map<string, { cell: string; start: number; count: number }>();
  const durations = new Map<
    string,
    { cell: string; airport: AirportCode; start: number; count: number; sum: number }
  >();
  let total = 0;
  let kept = 0;
  for (const trip of trips) {
    total++;
    const reason = validateTrip(trip);
    if (reason !== undefined) {
      invalid[reason]++;
      continue;
    }
    kept++;
    const start = tumblingWindowStart(eventTimeOf(trip), windowMs);
    const cell = geohash(trip.pickup_latitude, trip.pickup_longitude, pickupPrecision);
    const pickupKey = `${cell}|${start}`;
    const pickup = pickups.get(pickupKey);
    if (pickup) pickup.count++;
    else pickups.set(pickupKey, { cell, start, count: 1 });

    const airport = airportOf(trip.dropoff_latitude, trip.dropoff_longitude);
    if (airport !== undefined) {
      const durationCell = geohash(trip.pickup_latitude, trip.pickup_longitude, durationPrecision);
      const durationKey = `${durationCell}|${airport}|${start}`;
      const minutes = tripDurationMinutes(trip);
      const group = durations.get(durationKey);
      if (group) {
        group.count++;
        group.sum += minutes;
      } else {
        durations.set(durationKey, { cell: durationCell, airport, start, count: 1, sum: minutes });
      }
    }
  }

  const pickupRecords: { start: number; key: string; record: OutputRecord }[] = [];
  for (const { cell, start, count } of pickups.values()) {
    pickupRecords.push({
      start,
      key: cell,
      record: {
        index: 'pickup_count',
        id: documentId('pickup_count', cell, start),
        doc: pickupCountDoc(cell, start, start + windowMs, count),
      },
    });
  }
  const durationRecords: typeof pickupRecords = [];
  for (const { cell, airport, start, count, sum } of durations.values()) {
    if (count < minTripsForDuration) continue;
    const key = `${cell}:${airport}`;
    durationRecords.push({
      start,
      key,
      record: {
        index: 'trip_duration',
        id: documentId('trip_duration', key, start),
        doc: tripDurationDoc(cell, airport, start, start + windowMs, count, sum),
      },
    });
  }
  const byWindowThenKey = (a: { start: number; key: string }, b: { start: number; key: string }) =>
    a.start - b.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  pickupRecords.sort(byWindowThenKey);
  durationRecords.sort(byWindowThenKey);
  return {
    records: [...pickupRecords, ...durationRecords].map((r) => r.record),
    counts: { trips: total, kept, invalid },
  };
}
