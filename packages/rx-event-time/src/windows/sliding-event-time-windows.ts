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
 * `slide`. A record at `t` belongs to every window whose start is on the grid in `(t - size, t]`:
 * `floor((size - 1 - r) / slide) + 1` windows, where `r = (t - offset) mod slide` — `size / slide`
 * when slide divides size, otherwise `ceil(size / slide)` or one fewer (size 5, slide 3: records at
 * `r = 0, 1` are in 2 windows, at `r = 2` in 1).
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
