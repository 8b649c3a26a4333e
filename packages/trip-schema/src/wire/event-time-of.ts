import { parseInstant } from '../time/parse-instant.js';
import type { TripEvent } from './types.js';

/**
 * Event time of a trip: its dropoff instant, in epoch milliseconds.
 *
 * @throws InvalidInstantError when the dropoff is not an instant (the trip was not decoded).
 */
export function eventTimeOf(trip: TripEvent): number {
  return parseInstant(trip.dropoff_datetime);
}
