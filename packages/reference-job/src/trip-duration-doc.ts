import type { AirportCode } from '@tripstream/trip-schema';
import type { TripDurationDoc } from './types.js';

/**
 * The `trip_duration` document of one (pickup cell, airport) and window `[windowStart, windowEnd)`
 * (epoch ms); `sumMinutes` is the sum of whole-minute durations, the average is computed here.
 */
export function tripDurationDoc(
  cell: string,
  airport: AirportCode,
  windowStart: number,
  windowEnd: number,
  tripCount: number,
  sumMinutes: number,
): TripDurationDoc {
  const end = new Date(windowEnd).toISOString();
  return {
    location: cell,
    geohash: cell,
    airport_code: airport,
    trip_count: tripCount,
    sum_trip_duration: sumMinutes,
    avg_trip_duration: sumMinutes / tripCount,
    window_start: new Date(windowStart).toISOString(),
    window_end: end,
    timestamp: end,
  };
}
