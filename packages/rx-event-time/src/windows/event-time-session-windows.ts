import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { positiveDuration } from '../_internals/validate.js';
import type { SessionWindowAssigner } from './window-assigner.js';

/** Options of {@link eventTimeSessionWindows}. */
export interface SessionWindowOptions {
  /** Inactivity gap, ms. Required; a safe integer > 0. */
  readonly gap: number;
  /**
   * Whether sessions that touch — one ends exactly where the next starts, i.e. a record exactly
   * `gap` after the last — merge. Default `true`, as Flink's `TimeWindow.intersects`. `false`
   * merges only overlapping sessions (the behaviour before this option existed): a record `gap`
   * after the last then always starts a new session.
   */
  readonly mergeTouching?: boolean;
}

/**
 * Flink's `EventTimeSessionWindows.withGap(gap)`: per key, a record at `t` opens `[t, t + gap)` and
 * sessions that overlap or touch merge, so a session is `[first, last + gap)` and ends after more
 * than `gap` ms without a record. As in Flink, a record exactly `gap` after a session that has
 * already fired and been purged (the watermark reached its end - 1 + allowed lateness) starts a new
 * session: whether touching sessions merge can depend on where the watermarks fell. With
 * `mergeTouching: false` it never does. Requires the aggregate's `merge`.
 *
 * @example eventTimeSessionWindows({ gap: 30 * 60_000 }) // a session ends after 30 min of silence
 */
export function eventTimeSessionWindows(options: SessionWindowOptions): SessionWindowAssigner {
  const gap = positiveDuration('gap', options?.gap);
  const mergeTouching = options.mergeTouching ?? true;
  if (typeof mergeTouching !== 'boolean') {
    throw new InvalidOptionError('mergeTouching', mergeTouching, 'a boolean');
  }
  return { kind: 'session', gap, mergeTouching };
}
