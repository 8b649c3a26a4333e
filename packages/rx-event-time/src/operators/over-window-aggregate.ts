import { defer, type OperatorFunction } from 'rxjs';
import type { StreamEvent } from '../events/stream-event.js';
import type { OverWindowChange } from '../over-windows/over-window-change.js';
import { OverWindowOperator } from '../over-windows/over-window-operator.js';
import {
  resolveOverWindowOptions,
  type OverWindowOptions,
} from '../over-windows/over-window-options.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import {
  resolveLateOutput,
  runOverWindowOperator,
  type RunOverWindowOperatorOptions,
} from './run-over-window-operator.js';

/** Options of {@link overWindowAggregate}. */
export interface OverWindowAggregateOptions<T, K extends WindowKey, ACC, R>
  extends OverWindowOptions<T, K, ACC, R>, RunOverWindowOperatorOptions<T, K> {}

/**
 * Flink SQL's `OVER (PARTITION BY key ORDER BY time RANGE INTERVAL range PRECEDING)` over an
 * event-time stream (single events or batches): one `add` change per record with the key's
 * aggregate over its last `range` ms, and one `retract` change when a record leaves the range
 * (keep only `kind === 'add'` for Flink's one row per input row). Each subscription has its own
 * {@link OverWindowOperator}; completion emits nothing more.
 *
 * @example
 * events$.pipe(
 *   overWindowAggregate({ keySelector: (trip) => trip.cell, range: 15 * 60_000, aggregate: medianAggregate((trip) => trip.fare) }),
 * );
 */
export function overWindowAggregate<T, K extends WindowKey, ACC, R>(
  options: OverWindowAggregateOptions<T, K, ACC, R>,
): OperatorFunction<StreamEvent<T> | readonly StreamEvent<T>[], OverWindowChange<T, K, R>> {
  const resolved = resolveOverWindowOptions(options);
  resolveLateOutput(options.lateOutput);
  return (source) =>
    defer(() => source.pipe(runOverWindowOperator(new OverWindowOperator(resolved), options)));
}
