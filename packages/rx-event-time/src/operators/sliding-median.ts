import type { OperatorFunction } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { StreamEvent } from '../events/stream-event.js';
import { medianAggregate } from '../median/median-aggregate.js';
import type { OverWindowChange } from '../over-windows/over-window-change.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import { overWindowAggregate } from './over-window-aggregate.js';
import type { RunOverWindowOperatorOptions } from './run-over-window-operator.js';

/** Options of {@link slidingMedian}. */
export interface SlidingMedianOptions<T, K extends WindowKey> extends RunOverWindowOperatorOptions<
  T,
  K
> {
  /** The key of a record; each key has its own median. Default: one key, `''`, for all records. */
  readonly keySelector?: (value: T) => K;
  /** The number whose median is taken. Required; must not return NaN. */
  readonly valueOf: (value: T) => number;
  /** The window: records with timestamp in `(time - range, time]`, ms. Required, an integer > 0. */
  readonly range: number;
}

/**
 * The median of `valueOf` over each key's last `range` ms of event time, updated with every record
 * that enters or leaves (an `overWindowAggregate` with `medianAggregate`): `result` is the median
 * after the change, `undefined` once the key's window is empty. O(log n) per change.
 *
 * @example
 * fares$.pipe(slidingMedian({ keySelector: (t) => t.cell, valueOf: (t) => t.fare, range: 900_000 }));
 */
export function slidingMedian<T, K extends WindowKey = string>(
  options: SlidingMedianOptions<T, K>,
): OperatorFunction<
  StreamEvent<T> | readonly StreamEvent<T>[],
  OverWindowChange<T, K, number | undefined>
> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object');
  }
  return overWindowAggregate({
    keySelector: options.keySelector ?? (() => '' as K),
    range: options.range,
    aggregate: medianAggregate(options.valueOf),
    lateOutput: options.lateOutput,
  });
}
