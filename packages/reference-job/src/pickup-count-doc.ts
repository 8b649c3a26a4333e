import type { PickupCountDoc } from './types.js';

/** The `pickup_count` document of one cell and window `[windowStart, windowEnd)` (epoch ms). */
export function pickupCountDoc(
  cell: string,
  windowStart: number,
  windowEnd: number,
  count: number,
): PickupCountDoc {
  const end = new Date(windowEnd).toISOString();
  return {
    location: cell,
    geohash: cell,
    pickup_count: count,
    window_start: new Date(windowStart).toISOString(),
    window_end: end,
    timestamp: end,
  };
}
