import type { TripEvent } from './types.js';

/** Event time of a trip: its dropoff instant, in epoch milliseconds. */
export function eventTimeOf(trip: TripEvent): number {
  return Date.parse(trip.dropoff_datetime);
}
