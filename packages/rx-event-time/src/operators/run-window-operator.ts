import type { OperatorFunction } from 'rxjs';
import { OperatorInUseError } from '../errors/operator-in-use-error.js';
import type { StreamEvent } from '../events/stream-event.js';
import { timestampOption } from '../_internals/validate.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import type { WindowOperator } from '../windows/window-operator.js';
import type { LateRecord, WindowOutput, WindowResult } from '../windows/window-result.js';
import { operate } from './_internals/operate.js';
import { sideOutputHandler } from './_internals/side-output.js';
import type { SideOutput } from './side-output.js';

/** Options of {@link runWindowOperator}. */
export interface RunWindowOperatorOptions<T, K> {
  /**
   * Flink's `sideOutputLateData`: receives the records beyond the allowed lateness, in order with
   * the results (only `next` is called; it is not completed with the stream). Default: none — late
   * records are then only counted (`counters().lateDropped`).
   */
  readonly lateOutput?: SideOutput<LateRecord<T, K>>;
  /**
   * Watermark processed when the source completes, ms. Default `Infinity`: every window fires, as
   * at the end of a bounded input in Flink. `-Infinity` completes without firing anything more
   * (windows stay open in the operator, e.g. to snapshot it).
   */
  readonly finalWatermark?: number;
}

/**
 * Drives an existing {@link WindowOperator} with a stream of events or batches of events and emits
 * its results. Use it when you need the instance, e.g. to `snapshot()` it between two batches (the
 * processing of one emission is synchronous, so between emissions it is consistent); otherwise
 * `windowAggregate` builds one per subscription. An instance serves one subscription at a time.
 */
export function runWindowOperator<T, K extends WindowKey, ACC, R>(
  operator: WindowOperator<T, K, ACC, R>,
  options: RunWindowOperatorOptions<T, K> = {},
): OperatorFunction<StreamEvent<T> | readonly StreamEvent<T>[], WindowResult<K, R>> {
  const { finalWatermark, late } = resolveRunWindowOperatorOptions(options);
  return operate((subscriber) => {
    if (attached.has(operator)) throw new OperatorInUseError('WindowOperator');
    attached.add(operator);
    // Outputs are buffered and emitted once the core call has returned, so downstream code never
    // runs while the operator is mid-update.
    const buffer: (WindowResult<K, R> | LateRecord<T, K>)[] = [];
    const isLate: boolean[] = [];
    const output: WindowOutput<T, K, R> = {
      result: (result) => {
        buffer.push(result);
        isLate.push(false);
      },
      late: (record) => {
        buffer.push(record);
        isLate.push(true);
      },
    };
    const flush = (): void => {
      for (let i = 0; i < buffer.length && !subscriber.closed; i++) {
        if (isLate[i]) late?.(buffer[i] as LateRecord<T, K>);
        else subscriber.next(buffer[i] as WindowResult<K, R>);
      }
      buffer.length = 0;
      isLate.length = 0;
    };
    return {
      next: (input) => {
        try {
          if (Array.isArray(input)) operator.processBatch(input, output);
          else operator.processEvent(input as StreamEvent<T>, output);
        } finally {
          flush();
        }
      },
      complete: () => {
        operator.processWatermark(finalWatermark, output);
        flush();
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

/** @internal Validates {@link RunWindowOperatorOptions} once. */
export function resolveRunWindowOperatorOptions<T, K>(
  options: RunWindowOperatorOptions<T, K>,
): { finalWatermark: number; late: ((record: LateRecord<T, K>) => void) | undefined } {
  return {
    finalWatermark: timestampOption('finalWatermark', options?.finalWatermark, Infinity),
    late: sideOutputHandler('lateOutput', options?.lateOutput),
  };
}
