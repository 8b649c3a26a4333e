import type { AggregateFunction } from './aggregate-function.js';
import type { TimeWindow } from './time-window.js';

/**
 * Flink's `ProcessWindowFunction` as an {@link AggregateFunction}: the window keeps every record
 * (memory grows with records, not keys — prefer an incremental aggregate when one exists) and
 * `process` sees them all, in arrival order, on every firing. Records must be JSON-serialisable
 * for snapshots.
 */
export function processWindowFunction<T, R, K = unknown>(
  process: (key: K, window: TimeWindow, elements: readonly T[]) => R,
): AggregateFunction<T, T[], R, K> {
  return {
    createAccumulator: () => [],
    add: (value, elements) => {
      elements.push(value);
      return elements;
    },
    // A copy, so a function that keeps `elements` does not see later (late) records appear.
    getResult: (elements, key, window) => process(key, window, elements.slice()),
    merge: (a, b) => a.concat(b),
  };
}
