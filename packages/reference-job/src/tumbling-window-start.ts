/**
 * Start of the epoch-aligned tumbling window `[start, start + windowMs)` holding `timestamp` (both
 * in ms), as Flink's `TumblingEventTimeWindows` with no offset: `floor(timestamp / windowMs) * windowMs`.
 */
export function tumblingWindowStart(timestamp: number, windowMs: number): number {
  return Math.floor(timestamp / windowMs) * windowMs;
}
