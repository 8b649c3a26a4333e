import type { JsonValue } from '../../events/json-value.js';
import type { StreamRecord } from '../../events/stream-event.js';
import type { AggregateFunction } from '../aggregate-function.js';
import type { WindowOutput } from '../window-result.js';

/**
 * The mutable numbers a window operator and its store share: the watermark and the counters.
 * @internal
 */
export interface OperatorState {
  watermark: number;
  elementsIn: number;
  lateUpdates: number;
  lateDropped: number;
  windowsOpen: number;
  windowsFired: number;
}

/** @internal */
export function initialOperatorState(): OperatorState {
  return {
    watermark: -Infinity,
    elementsIn: 0,
    lateUpdates: 0,
    lateDropped: 0,
    windowsOpen: 0,
    windowsFired: 0,
  };
}

/**
 * Where a window operator keeps its (key, window) accumulators: one implementation for the
 * epoch-aligned assigners, one for merging session windows.
 * @internal
 */
export interface WindowStore<T, K, R> {
  /** Adds a record whose timestamp has been validated. */
  add(record: StreamRecord<T>, key: K, out: WindowOutput<T, K, R>): void;
  /** Fires and purges what the (already raised) watermark in the shared state allows. */
  advance(out: WindowOutput<T, K, R>): void;
}

/** @internal Sends a record that missed every window to the late output. */
export function emitLate<T, K, R>(
  state: OperatorState,
  record: StreamRecord<T>,
  key: K,
  out: WindowOutput<T, K, R>,
): void {
  state.lateDropped++;
  out.late({
    value: record.value,
    timestamp: record.timestamp,
    input: record.input,
    key,
    watermark: state.watermark,
    reason: 'beyond-allowed-lateness',
  });
}

/** @internal Accumulator to JSON: the aggregate's own hook, else a deep copy. */
export function accumulatorToJson<ACC>(
  aggregate: AggregateFunction<any, ACC, any, any>,
  accumulator: ACC,
): JsonValue {
  if (aggregate.snapshotAccumulator) return aggregate.snapshotAccumulator(accumulator);
  return deepCopy(accumulator) as JsonValue;
}

/** @internal JSON to accumulator: the aggregate's own hook, else a deep copy (a snapshot may be restored twice). */
export function accumulatorFromJson<ACC>(
  aggregate: AggregateFunction<any, ACC, any, any>,
  json: JsonValue,
): ACC {
  if (aggregate.restoreAccumulator) return aggregate.restoreAccumulator(json);
  return deepCopy(json) as ACC;
}

function deepCopy(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
