import { parseInstant } from '../time/parse-instant.js';
import type { TripEvent } from '../wire/types.js';

/**
 * Whole minutes from pickup to dropoff, truncated toward zero like Java's `Duration.toMinutes`
 * (59.9 s is 0, -90 s is -1). Never returns -0.
 */
export function tripDurationMinutes(trip: TripEvent): number {
  const ms = parseInstant(trip.dropoff_datetime) - parseInstant(trip.pickup_datetime);
  return Math.trunc(ms / 60_000) + 0;
}
