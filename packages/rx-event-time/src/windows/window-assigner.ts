/**
 * Which windows a record belongs to. Plain JSON data, so it can be compared against the assigner
 * recorded in a snapshot. Build one with {@link tumblingEventTimeWindows},
 * {@link slidingEventTimeWindows} or {@link eventTimeSessionWindows}, which validate it.
 */
export type WindowAssigner = TumblingWindowAssigner | SlidingWindowAssigner | SessionWindowAssigner;

/** Epoch-aligned windows `[k * size + offset, (k + 1) * size + offset)`, one per record. */
export interface TumblingWindowAssigner {
  readonly kind: 'tumbling';
  /** Window length, ms. */
  readonly size: number;
  /** Shift of the window grid from the epoch, ms, normalised to `[0, size)`. */
  readonly offset: number;
}

/**
 * Windows of `size` starting every `slide`; a record belongs to `floor(size / slide)` or
 * `ceil(size / slide)` of them (see {@link slidingEventTimeWindows}).
 */
export interface SlidingWindowAssigner {
  readonly kind: 'sliding';
  /** Window length, ms. */
  readonly size: number;
  /** Distance between window starts, ms; `<= size`. */
  readonly slide: number;
  /** Shift of the window grid from the epoch, ms, normalised to `[0, slide)`. */
  readonly offset: number;
}

/** Per-key windows that merge records at most `gap` apart. */
export interface SessionWindowAssigner {
  readonly kind: 'session';
  /** Inactivity gap, ms: a record at `t` opens `[t, t + gap)`, and overlapping sessions merge. */
  readonly gap: number;
  /** Whether sessions that touch (`end == start`) merge too, as in Flink. */
  readonly mergeTouching: boolean;
}
