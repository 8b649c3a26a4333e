import { positiveDuration } from '../_internals/validate.js';
import type { SessionWindowAssigner } from './window-assigner.js';

/** Options of {@link eventTimeSessionWindows}. */
export interface SessionWindowOptions {
  /** Inactivity gap, ms. Required; a safe integer > 0. */
  readonly gap: number;
}

/**
 * Flink's `EventTimeSessionWindows.withGap(gap)`: per key, a record at `t` opens `[t, t + gap)` and
 * overlapping sessions merge, so a session is `[first, last + gap)` and ends after `gap` ms without
 * a record. Two records of a key share a session exactly when a chain of records less than `gap`
 * apart links them. Unlike Flink's `TimeWindow.intersects`, sessions that merely touch (a record
 * exactly `gap` after the last) do not merge: in Flink that outcome depends on whether a watermark
 * fell in between; here it never does. Requires the aggregate's `merge`.
 *
 * @example eventTimeSessionWindows({ gap: 30 * 60_000 }) // a session ends after 30 min of silence
 */
export function eventTimeSessionWindows(options: SessionWindowOptions): SessionWindowAssigner {
  return { kind: 'session', gap: positiveDuration('gap', options?.gap) };
}
