import type { TripEvent } from '../wire/types.js';
import { NYC_BOX } from './box.js';
import { inBox } from './in-box.js';
import { hasIsoInstantLayout, parseIsoInstant } from '../wire/parse-iso-instant.js';

/** Why the reference job's NYC filter drops a trip (counted in its metrics, never written). */
export type InvalidReason = 'pickup-outside-nyc' | 'dropoff-outside-nyc' | 'dropoff-before-pickup';

/** Every {@link InvalidReason}, in the order `validateTrip` checks them. */
export const INVALID_REASONS: readonly InvalidReason[] = Object.freeze([
  'pickup-outside-nyc',
  'dropoff-outside-nyc',
  'dropoff-before-pickup',
]);

/**
 * The reference job's filter: both ends inside {@link NYC_BOX} (edges included) and the dropoff not
 * before the pickup. Returns the first failed check, or `undefined` for a trip the job keeps.
 * Zero coordinates ("unknown" in TLC data) fall outside the box.
 */
export function validateTrip(trip: TripEvent): InvalidReason | undefined {
  if (!inBox(NYC_BOX, trip.pickup_latitude, trip.pickup_longitude)) return 'pickup-outside-nyc';
  if (!inBox(NYC_BOX, trip.dropoff_latitude, trip.dropoff_longitude)) return 'dropoff-outside-nyc';
  if (dropoffBeforePickup(trip.dropoff_datetime, trip.pickup_datetime)) {
    return 'dropoff-before-pickup';
  }
  return undefined;
}

/**
 * Whether `dropoff` is an earlier instant than `pickup`. Two strings laid out as the same wire
 * instant form (same length, separators in place, `Z`) order as strings: their digits stand at the
 * same places, most significant first. So a string comparison answers the common case without
 * parsing either, and only an apparent "before" is confirmed by parsing (garbage in a digit place
 * parses to NaN, which is never before anything).
 */
function dropoffBeforePickup(dropoff: string, pickup: string): boolean {
  if (
    dropoff.length === pickup.length &&
    hasIsoInstantLayout(dropoff) &&
    hasIsoInstantLayout(pickup)
  ) {
    if (dropoff >= pickup) return false;
  }
  return instant(dropoff) < instant(pickup);
}

/** ms of an ISO instant: the wire format's fast path, `Date.parse` for anything else. */
function instant(text: string): number {
  const ms = parseIsoInstant(text);
  return Number.isNaN(ms) ? Date.parse(text) : ms;
}
