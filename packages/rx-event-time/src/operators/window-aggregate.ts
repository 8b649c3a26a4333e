import { defer, type OperatorFunction } from 'rxjs';
import type { StreamEvent } from '../events/stream-event.js';
import type { AggregateFunction } from '../windows/aggregate-function.js';
import type { WindowAssigner } from '../windows/window-assigner.js';
import {
  resolveWindowOperatorOptions,
  type WindowKey,
} from '../windows/window-operator-options.js';
import { WindowOperator } from '../windows/window-operator.js';
import type { WindowResult } from '../windows/window-result.js';
import {
  resolveRunWindowOperatorOptions,
  runWindowOperator,
  type RunWindowOperatorOptions,
} from './run-window-operator.js';

/** Options of {@link windowAggregate} and `windowProcess`. */
export interface WindowAggregateOptions<T, K> extends RunWindowOperatorOptions<T, K> {
  /**
   * How long after its on-time firing a window is kept for late records, ms of event time. Default
   * `0`. See `WindowOperatorOptions.allowedLateness`.
   */
  readonly allowedLateness?: number;
}

/**
 * Flink's `keyBy(keySelector).window(assigner).aggregate(aggregate)` over a watermarked stream
 * (single events or batches, e.g. from `combineWatermarks`). Emits one {@link WindowResult} per
 * (key, window) when the watermark reaches the window's end - 1, and again, flagged `isUpdate`, for
 * every late record within `allowedLateness`. On completion the `finalWatermark` fires what is left.
 * Each subscription has its own {@link WindowOperator}.
 *
 * @example
 * events$.pipe(
 *   windowAggregate(tumblingEventTimeWindows({ size: 3_600_000 }), (trip) => trip.cell, countAggregate(), {
 *     allowedLateness: 60_000,
 *     lateOutput: late$,
 *   }),
 * );
 */
export function windowAggregate<T, K extends WindowKey, ACC, R>(
  assigner: WindowAssigner,
  keySelector: (value: T) => K,
  aggregate: AggregateFunction<T, ACC, R, NoInfer<K>>,
  options: WindowAggregateOptions<T, K> = {},
): OperatorFunction<StreamEvent<T> | readonly StreamEvent<T>[], WindowResult<K, R>> {
  const resolved = resolveWindowOperatorOptions({
    assigner,
    keySelector,
    aggregate,
    allowedLateness: options.allowedLateness,
  });
  resolveRunWindowOperatorOptions(options);
  return (source) =>
    defer(() => source.pipe(runWindowOperator(new WindowOperator(resolved), options)));
}
