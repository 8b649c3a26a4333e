import type { Observer, OperatorFunction } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { OperatorInUseError } from '../errors/operator-in-use-error.js';
import type { StreamEvent } from '../events/stream-event.js';
import type {
  OverWindowChange,
  OverWindowLateRecord,
  OverWindowOutput,
} from '../over-windows/over-window-change.js';
import type { OverWindowOperator } from '../over-windows/over-window-operator.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import { operate } from './_internals/operate.js';

/** Options of {@link runOverWindowOperator}. */
export interface RunOverWindowOperatorOptions<T, K> {
  /**
   * Receives the records that arrived already out of range, in order with the changes (only `next`
   * is called). Default: none — they are then only counted (`counters().lateDropped`).
   */
  readonly lateOutput?:
    Partial<Observer<OverWindowLateRecord<T, K>>> | ((record: OverWindowLateRecord<T, K>) => void);
}

/**
 * Drives an existing {@link OverWindowOperator} with events or batches of events and emits its
 * changes. Use it when you need the instance, e.g. to `snapshot()` it between two emissions;
 * otherwise `overWindowAggregate` builds one per subscription. One subscription at a time.
 */
export function runOverWindowOperator<T, K extends WindowKey, ACC, R>(
  operator: OverWindowOperator<T, K, ACC, R>,
  options: RunOverWindowOperatorOptions<T, K> = {},
): OperatorFunction<StreamEvent<T> | readonly StreamEvent<T>[], OverWindowChange<T, K, R>> {
  const late = resolveLateOutput(options?.lateOutput);
  return operate((subscriber) => {
    if (attached.has(operator)) throw new OperatorInUseError('OverWindowOperator');
    attached.add(operator);
    // Buffered and emitted once the core call has returned: downstream code never runs while the
    // operator is mid-update.
    const buffer: (OverWindowChange<T, K, R> | OverWindowLateRecord<T, K>)[] = [];
    const isLate: boolean[] = [];
    const output: OverWindowOutput<T, K, R> = {
      change: (change) => {
        buffer.push(change);
        isLate.push(false);
      },
      late: (record) => {
        buffer.push(record);
        isLate.push(true);
      },
    };
    return {
      next: (input) => {
        try {
          if (Array.isArray(input)) operator.processBatch(input, output);
          else operator.processEvent(input as StreamEvent<T>, output);
        } finally {
          for (let i = 0; i < buffer.length && !subscriber.closed; i++) {
            if (isLate[i]) late?.(buffer[i] as OverWindowLateRecord<T, K>);
            else subscriber.next(buffer[i] as OverWindowChange<T, K, R>);
          }
          buffer.length = 0;
          isLate.length = 0;
        }
      },
      finalize: () => {
        attached.delete(operator);
        buffer.length = 0;
        isLate.length = 0;
      },
    };
  });
}

const attached = new WeakSet<object>();

/** @internal */
export function resolveLateOutput<L>(
  lateOutput: Partial<Observer<L>> | ((record: L) => void) | undefined,
): ((record: L) => void) | undefined {
  if (lateOutput === undefined) return undefined;
  if (typeof lateOutput === 'function') return lateOutput;
  if (lateOutput !== null && typeof lateOutput === 'object') {
    return typeof lateOutput.next === 'function' ? (r) => lateOutput.next!(r) : undefined;
  }
  throw new InvalidOptionError(
    'lateOutput',
    lateOutput,
    'an Observer (e.g. a Subject) or a function',
  );
}
