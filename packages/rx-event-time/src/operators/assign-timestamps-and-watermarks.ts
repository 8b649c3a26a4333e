import { defer, type OperatorFunction } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { InvalidTimestampError } from '../errors/invalid-timestamp-error.js';
import type { StreamRecord, WatermarkedEvent } from '../events/stream-event.js';
import { isRecordTimestamp } from '../_internals/timestamps.js';
import { WatermarkCombiner } from '../watermarks/watermark-combiner.js';
import { WatermarkStrategy } from '../watermarks/watermark-strategy.js';
import { operate } from './_internals/operate.js';

/** Options of {@link assignTimestampsAndWatermarks}. */
export interface AssignTimestampsOptions {
  /**
   * Tag the records and watermarks with this input name, so several such streams can be merged and
   * fed to `combineWatermarks`. Default: untagged.
   */
  readonly input?: string;
  /** Watermark emitted when the source completes, ms. Default `Infinity` (every window fires). */
  readonly finalWatermark?: number;
}

/**
 * Flink's `assignTimestampsAndWatermarks(strategy)`: turns plain values (one per emission, or arrays
 * as batches) into a watermarked stream. Each emission comes out as one batch: the records, then the
 * watermark the strategy generates after it, if it advanced. The strategy needs a timestamp assigner.
 *
 * @example
 * trips$.pipe(
 *   assignTimestampsAndWatermarks(
 *     WatermarkStrategy.forBoundedOutOfOrderness<Trip>(5_000).withTimestampAssigner((t) => t.dropoffMs),
 *   ),
 * );
 */
export function assignTimestampsAndWatermarks<T>(
  strategy: WatermarkStrategy<T>,
  options: AssignTimestampsOptions = {},
): OperatorFunction<T | readonly T[], readonly WatermarkedEvent<T>[]> {
  const resolved = WatermarkStrategy.resolve(strategy);
  const assigner = resolved.timestampAssigner;
  if (assigner === undefined) {
    throw new InvalidOptionError(
      'strategy.timestampAssigner',
      undefined,
      'set with withTimestampAssigner(fn)',
    );
  }
  const input = options.input;
  if (input !== undefined && typeof input !== 'string') {
    throw new InvalidOptionError('input', input, 'a string');
  }
  const create = (): WatermarkCombiner<T> =>
    new WatermarkCombiner<T>({
      watermarkStrategy: resolved,
      finalWatermark: options.finalWatermark,
      inputs: input === undefined ? [] : [input],
    });
  create(); // validates the options now rather than at subscription
  const toRecord = (value: T): StreamRecord<T> => {
    const timestamp = assigner(value);
    if (!isRecordTimestamp(timestamp)) {
      throw new InvalidTimestampError('record', timestamp, input);
    }
    return { kind: 'record', timestamp, value, input };
  };
  return (source) =>
    defer(() => {
      const combiner = create();
      return source.pipe(
        operate<T | readonly T[], readonly WatermarkedEvent<T>[]>((subscriber) => ({
          next: (values) => {
            const records = Array.isArray(values)
              ? (values as readonly T[]).map(toRecord)
              : [toRecord(values as T)];
            const out = combiner.processBatch(records);
            if (out.length > 0) subscriber.next(tag(out, input));
          },
          complete: () => {
            const watermark = combiner.end();
            if (watermark !== undefined) subscriber.next(tag([watermark], input));
          },
        })),
      );
    });
}

/** Combined watermarks carry no input; tag them so a downstream combiner knows whose they are. */
function tag<T>(
  events: readonly WatermarkedEvent<T>[],
  input: string | undefined,
): readonly WatermarkedEvent<T>[] {
  if (input === undefined) return events;
  return events.map((e) => (e.kind === 'watermark' ? { ...e, input } : e));
}
