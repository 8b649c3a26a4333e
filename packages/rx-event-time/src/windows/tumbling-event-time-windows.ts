import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { positiveDuration } from '../_internals/validate.js';
import type { TumblingWindowAssigner } from './window-assigner.js';

/** Options of {@link tumblingEventTimeWindows}. */
export interface TumblingWindowOptions {
  /** Window length, ms. Required; a safe integer > 0. */
  readonly size: number;
  /**
   * Shift of the window grid from the epoch, ms (e.g. `-5 * 3_600_000` for days in UTC-5).
   * Default `0`; `|offset| < size`.
   */
  readonly offset?: number;
}

/**
 * Flink's `TumblingEventTimeWindows.of(size, offset)`: fixed, non-overlapping windows aligned to the
 * epoch plus `offset`; every record belongs to exactly one.
 *
 * @example tumblingEventTimeWindows({ size: 3_600_000 }) // hourly: [10:00, 11:00), [11:00, 12:00) ...
 */
export function tumblingEventTimeWindows(options: TumblingWindowOptions): TumblingWindowAssigner {
  const size = positiveDuration('size', options?.size);
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || Math.abs(offset) >= size) {
    throw new InvalidOptionError('offset', offset, `an integer with |offset| < size (${size} ms)`);
  }
  return { kind: 'tumbling', size, offset: ((offset % size) + size) % size };
}
