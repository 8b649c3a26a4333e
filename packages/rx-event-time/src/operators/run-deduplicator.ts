import type { OperatorFunction } from 'rxjs';
import type { Deduplicator } from '../dedup/deduplicator.js';
import { OperatorInUseError } from '../errors/operator-in-use-error.js';
import type { StreamRecord, WatermarkedEvent } from '../events/stream-event.js';
import { operate } from './_internals/operate.js';
import { sideOutputHandler } from './_internals/side-output.js';
import type { SideOutput } from './side-output.js';

/** Options of {@link runDeduplicator}. */
export interface RunDeduplicatorOptions<T> {
  /**
   * Receives each record dropped as a duplicate, once, right after the batch it was dropped from
   * (the same convention as the window operators' `lateOutput`). Default: none — duplicates are
   * then only counted (`counters().duplicates`).
   */
  readonly duplicateOutput?: SideOutput<StreamRecord<T>>;
}

/**
 * Drives an existing {@link Deduplicator} with a watermarked stream (single events or batches, e.g.
 * from `combineWatermarks`): each emission comes out as one batch without its duplicates; a batch
 * left empty is not emitted. Use it when you need the instance, e.g. to `snapshot()` it between two
 * emissions; otherwise `deduplicate` builds one per subscription. An instance serves one
 * subscription at a time.
 */
export function runDeduplicator<T>(
  deduplicator: Deduplicator<T>,
  options: RunDeduplicatorOptions<T> = {},
): OperatorFunction<
  WatermarkedEvent<T> | readonly WatermarkedEvent<T>[],
  readonly WatermarkedEvent<T>[]
> {
  const duplicate = resolveRunDeduplicatorOptions(options);
  return operate((subscriber) => {
    if (attached.has(deduplicator)) throw new OperatorInUseError('Deduplicator');
    attached.add(deduplicator);
    return {
      next: (input) => {
        let out: readonly WatermarkedEvent<T>[];
        try {
          out = Array.isArray(input)
            ? deduplicator.processBatch(input as readonly WatermarkedEvent<T>[])
            : deduplicator.processEvent(input as WatermarkedEvent<T>);
        } catch (error) {
          // What was dropped before the failure is still reported, once.
          flush();
          throw error;
        }
        if (out.length > 0) subscriber.next(out);
        flush();
      },
      finalize: () => {
        attached.delete(deduplicator);
      },
    };

    function flush(): void {
      const dropped = deduplicator.drainDuplicates();
      if (duplicate === undefined) return;
      for (let i = 0; i < dropped.length && !subscriber.closed; i++) duplicate(dropped[i]);
    }
  });
}

const attached = new WeakSet<object>();

/** @internal Validates {@link RunDeduplicatorOptions} once. */
export function resolveRunDeduplicatorOptions<T>(
  options: RunDeduplicatorOptions<T>,
): ((record: StreamRecord<T>) => void) | undefined {
  return sideOutputHandler('duplicateOutput', options?.duplicateOutput);
}
