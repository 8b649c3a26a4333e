import type { PickupCountDoc } from './types.js';

/** The `pickup_count` document of one cell and window `[windowStart, windowEnd)` (epoch ms). */
export function pickupCountDoc(
  cell: string,
  windowStart: number,
  windowEnd: number,
  count: number,
): PickupCountDoc {
  const end = endIso.of(windowEnd);
  return {
    location: cell,
    geohash: cell,
    pickup_count: count,
    window_start: startIso.of(windowStart),
    window_end: end,
    timestamp: end,
  };
}

/**
 * The ISO text of the last instant asked for: a window fires all its cells' documents together,
 * so one entry saves formatting the same two dates once per cell.
 */
class LastIso {
  private ms = Number.NaN;
  private text = '';
  of(ms: number): string {
    if (ms !== this.ms) {
      this.text = new Date(ms).toISOString();
      this.ms = ms;
    }
    return this.text;
  }
}
const startIso = new LastIso();
const endIso = new LastIso();
