import type { OperatorFunction } from 'rxjs';
import type { StreamEvent } from '../events/stream-event.js';
import { processWindowFunction } from '../windows/process-window-function.js';
import type { TimeWindow } from '../windows/time-window.js';
import type { WindowAssigner } from '../windows/window-assigner.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import type { WindowResult } from '../windows/window-result.js';
import { windowAggregate, type WindowAggregateOptions } from './window-aggregate.js';

/**
 * Flink's `window(assigner).process(function)`: like {@link windowAggregate}, but `process` sees
 * all records of the (key, window) at each firing. The window keeps every record, so memory grows
 * with records; use an aggregate when one will do.
 *
 * @example
 * events$.pipe(
 *   windowProcess(eventTimeSessionWindows({ gap: 1_800_000 }), (e) => e.user, (user, window, clicks) =>
 *     clicks.map((c) => c.page),
 *   ),
 * );
 */
export function windowProcess<T, K extends WindowKey, R>(
  assigner: WindowAssigner,
  keySelector: (value: T) => K,
  process: (key: NoInfer<K>, window: TimeWindow, elements: readonly T[]) => R,
  options: WindowAggregateOptions<T, K> = {},
): OperatorFunction<StreamEvent<T> | readonly StreamEvent<T>[], WindowResult<K, R>> {
  return windowAggregate(assigner, keySelector, processWindowFunction(process), options);
}
