import { NYC_BOX } from '../geo/box.js';
import { inBox } from '../geo/in-box.js';
import type { TripEvent } from '../wire/types.js';
import type { InvalidReason } from './types.js';

/**
 * The reference job's filter: both ends inside {@link NYC_BOX} (edges included) and the dropoff not
 * before the pickup. Returns the first failed check, or `undefined` for a trip the job keeps.
 * Zero coordinates ("unknown" in TLC data) fall outside the box.
 */
export function validateTrip(trip: TripEvent): InvalidReason | undefined {
  if (!inBox(NYC_BOX, trip.pickup_latitude, trip.pickup_longitude)) return 'pickup-outside-nyc';
  if (!inBox(NYC_BOX, trip.dropoff_latitude, trip.dropoff_longitude)) return 'dropoff-outside-nyc';
  if (Date.parse(trip.dropoff_datetime) < Date.parse(trip.pickup_datetime)) {
    return 'dropoff-before-pickup';
  }
  return undefined;
}
