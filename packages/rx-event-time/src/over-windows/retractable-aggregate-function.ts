import type { JsonValue } from '../events/json-value.js';

/**
 * An aggregate that can take a record back out (Flink's `retract` of a table aggregate function):
 * what an over-window needs, because records leave its range one by one. `add` and `retract` may
 * mutate and return their accumulator or return a new one; `retract` is only ever called with a
 * record that was added and not yet retracted. Accumulators must not be `undefined`.
 */
export interface RetractableAggregateFunction<IN, ACC, OUT, K = unknown> {
  /** A fresh accumulator for a key that has no record in range. */
  createAccumulator(): ACC;
  /** Adds one record; returns the updated accumulator. */
  add(value: IN, accumulator: ACC): ACC;
  /** Takes one earlier-added record back out; returns the updated accumulator. */
  retract(value: IN, accumulator: ACC): ACC;
  /** The key's result now. It must not hand out the accumulator itself if `add` mutates it. */
  getResult(accumulator: ACC, key: K): OUT;
  /**
   * Turns an accumulator into JSON for a snapshot. Default: a deep copy (`structuredClone`), which
   * suits numbers, strings, arrays and plain objects; provide this for Maps, Sets, class instances.
   */
  snapshotAccumulator?(accumulator: ACC): JsonValue;
  /** Inverse of `snapshotAccumulator`. Default: a deep copy of the JSON value. */
  restoreAccumulator?(json: JsonValue): ACC;
}
