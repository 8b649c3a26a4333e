/** 2000-01-01T00:00:00Z, ms: the earliest plausible event time by default (TLC data starts in 2009). */
export const DEFAULT_MIN_EVENT_TIME_MS = 946_684_800_000;
/** One day, ms: by default an event time may be at most this far ahead of the wall clock. */
export const DEFAULT_MAX_EVENT_TIME_AHEAD_MS = 86_400_000;

/**
 * The event times the processor believes. A trip or watermark outside it is dead-lettered as
 * out of range instead of processed, so one record dated 9999 cannot close every window and one
 * dated 1969 cannot open a window nobody will see. The end-of-stream watermark (+infinity) is
 * always in range.
 */
export interface EventTimeRange {
  /** Earliest plausible event time, ms since the epoch. Default {@link DEFAULT_MIN_EVENT_TIME_MS}. */
  minMs?: number;
  /**
   * How far (ms) an event time may be ahead of `now()`: later ones are out of range. Default
   * {@link DEFAULT_MAX_EVENT_TIME_AHEAD_MS}.
   */
  maxAheadMs?: number;
  /** Wall clock the upper bound follows, ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** Returns a test for "is this event time plausible"; non-integers (NaN) never are. */
export function eventTimeRangeCheck(range: EventTimeRange = {}): (ms: number) => boolean {
  const min = range.minMs ?? DEFAULT_MIN_EVENT_TIME_MS;
  const ahead = range.maxAheadMs ?? DEFAULT_MAX_EVENT_TIME_AHEAD_MS;
  const now = range.now ?? Date.now;
  if (!Number.isFinite(min)) throw new RangeError(`eventTimeRange.minMs: not a time: ${min}`);
  if (!(ahead >= 0)) throw new RangeError(`eventTimeRange.maxAheadMs: wants ms >= 0, got ${ahead}`);
  // The wall clock only moves the bound up: read it only for a time beyond the last bound.
  let max = -Infinity;
  return (ms) => {
    if (!Number.isInteger(ms) || ms < min) return false;
    if (ms <= max) return true;
    max = now() + ahead;
    return ms <= max;
  };
}
