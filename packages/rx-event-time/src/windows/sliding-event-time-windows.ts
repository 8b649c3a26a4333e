import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { positiveDuration } from '../_internals/validate.js';
import type { SlidingWindowAssigner } from './window-assigner.js';

/** Options of {@link slidingEventTimeWindows}. */
export interface SlidingWindowOptions {
  /** Window length, ms. Required; a safe integer > 0. */
  readonly size: number;
  /**
   * Distance between consecutive window starts, ms. Required; `0 < slide <= size` (a larger slide
   * would leave records in no window at all).
   */
  readonly slide: number;
  /** Shift of the window grid from the epoch, ms. Default `0`; `|offset| < slide`. */
  readonly offset?: number;
}

/**
 * Flink's `SlidingEventTimeWindows.of(size, slide, offset)`: windows of `size` starting every
 * `slide`, so each record belongs to `ceil(size / slide)` overlapping windows.
 *
 * @example slidingEventTimeWindows({ size: 3_600_000, slide: 600_000 }) // last hour, every 10 min
 */
export function slidingEventTimeWindows(options: SlidingWindowOptions): SlidingWindowAssigner {
  const size = positiveDuration('size', options?.size);
  const slide = positiveDuration('slide', options.slide);
  if (slide > size) throw new InvalidOptionError('slide', slide, `<= size (${size} ms)`);
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || Math.abs(offset) >= slide) {
    throw new InvalidOptionError(
      'offset',
      offset,
      `an integer with |offset| < slide (${slide} ms)`,
    );
  }
  return { kind: 'sliding', size, slide, offset: ((offset % slide) + slide) % slide };
}
