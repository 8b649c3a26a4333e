import type { JsonValue } from '../events/json-value.js';
import { requiredFunction } from '../_internals/validate.js';
import type { RetractableAggregateFunction } from '../over-windows/retractable-aggregate-function.js';
import { SlidingMedian } from './sliding-median.js';

/**
 * The median of `valueOf(record)` as a retractable aggregate, for `overWindowAggregate` (which is
 * what `slidingMedian` does). The result is `undefined` for a key with no record in range; the
 * median of an even count is the mean of the two middle values. Snapshots hold the sorted values.
 */
export function medianAggregate<T>(
  valueOf: (value: T) => number,
): RetractableAggregateFunction<T, SlidingMedian, number | undefined> {
  const of = requiredFunction<(value: T) => number>('valueOf', valueOf);
  return {
    createAccumulator: () => new SlidingMedian(),
    add: (value, median) => {
      median.add(of(value));
      return median;
    },
    retract: (value, median) => {
      median.remove(of(value));
      return median;
    },
    getResult: (median) => median.median(),
    snapshotAccumulator: (median) => median.values(),
    restoreAccumulator: (json: JsonValue) => {
      const median = new SlidingMedian();
      for (const value of json as number[]) median.add(value);
      return median;
    },
  };
}
