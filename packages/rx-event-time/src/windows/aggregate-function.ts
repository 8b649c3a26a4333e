import type { JsonValue } from '../events/json-value.js';
import type { TimeWindow } from './time-window.js';

/**
 * Flink's `AggregateFunction`: incremental aggregation, so a window holds one accumulator per key
 * instead of its records. `add` may mutate and return its accumulator or return a new one.
 * Accumulators must not be `undefined`.
 */
export interface AggregateFunction<IN, ACC, OUT, K = unknown> {
  /** A fresh accumulator for a new (key, window). */
  createAccumulator(): ACC;
  /** Adds one record; returns the updated accumulator. */
  add(value: IN, accumulator: ACC): ACC;
  /**
   * The result of a firing. Called again on every late firing, so it must not hand out the
   * accumulator itself if `add` mutates it. Receives the key and window for functions that need
   * them (Flink's `ProcessWindowFunction`).
   */
  getResult(accumulator: ACC, key: K, window: TimeWindow): OUT;
  /** Combines two accumulators; used when session windows merge. */
  merge(a: ACC, b: ACC): ACC;
  /**
   * Turns an accumulator into JSON for a snapshot. Default: a deep copy (`structuredClone`), which
   * suits numbers, strings, arrays and plain objects; provide this for Maps, Sets, class instances.
   */
  snapshotAccumulator?(accumulator: ACC): JsonValue;
  /** Inverse of `snapshotAccumulator`. Default: a deep copy of the JSON value. */
  restoreAccumulator?(json: JsonValue): ACC;
}
