/**
 * Flink's `TimeWindow`: the half-open interval `[start, end)` of event time in ms. It holds the
 * records with `start <= timestamp < end` and fires when the watermark reaches
 * {@link maxTimestamp}, i.e. `end - 1`.
 */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** The largest timestamp inside `window` (`end - 1`): the watermark that fires it. */
export function maxTimestamp(window: TimeWindow): number {
  return window.end - 1;
}
