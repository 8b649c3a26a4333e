import { asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { OperatorInUseError } from '../errors/operator-in-use-error.js';
import type { StreamEvent, WatermarkedEvent } from '../events/stream-event.js';
import type { WatermarkCombiner } from '../watermarks/watermark-combiner.js';
import { operate } from './_internals/operate.js';

/** Options of {@link runWatermarkCombiner}. */
export interface RunWatermarkCombinerOptions {
  /**
   * Schedules the idleness checks. Default `asyncScheduler`. Give the combiner the same object as
   * its `clock`, so that both agree on the time (a `TestScheduler` in virtual-time tests).
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * Drives an existing {@link WatermarkCombiner}: each emission (an event or a batch of events from any
 * inputs) comes out as one batch of records with the combined watermarks inserted; an input's idleness
 * timeout, when it advances the watermark, emits a batch holding just that watermark. Completion of
 * the source ends every input (the combiner's `finalWatermark`). Use it when you need the instance
 * for snapshots; otherwise `combineWatermarks` builds one per subscription.
 */
export function runWatermarkCombiner<T>(
  combiner: WatermarkCombiner<T>,
  options: RunWatermarkCombinerOptions = {},
): OperatorFunction<StreamEvent<T> | readonly StreamEvent<T>[], readonly WatermarkedEvent<T>[]> {
  const scheduler = resolveScheduler(options?.scheduler);
  return operate((subscriber, schedule) => {
    if (attached.has(combiner)) throw new OperatorInUseError('WatermarkCombiner');
    attached.add(combiner);
    let timer: Subscription | undefined;
    let timerAt = Infinity;
    const checkIdleness = (): void => {
      const watermark = combiner.checkIdleness();
      if (watermark !== undefined) subscriber.next([watermark]);
      arm();
    };
    // One timer, at the earliest idleness deadline; deadlines only move later while inputs speak,
    // so a timer that fires early just re-arms.
    const arm = (): void => {
      const deadline = combiner.nextIdleDeadline();
      if (deadline === Infinity || timerAt <= deadline) return;
      timer?.unsubscribe();
      timerAt = deadline;
      timer = scheduler.schedule(
        () => {
          timer = undefined;
          timerAt = Infinity;
          schedule(checkIdleness);
        },
        Math.max(0, deadline - scheduler.now()),
      );
    };
    return {
      next: (input) => {
        const out = Array.isArray(input)
          ? combiner.processBatch(input)
          : combiner.processEvent(input as StreamEvent<T>);
        if (out.length > 0) subscriber.next(out);
        arm();
      },
      complete: () => {
        const watermark = combiner.end();
        if (watermark !== undefined) subscriber.next([watermark]);
      },
      finalize: () => {
        timer?.unsubscribe();
        timer = undefined;
        attached.delete(combiner);
      },
    };
  });
}

const attached = new WeakSet<object>();

/** @internal */
export function resolveScheduler(scheduler: SchedulerLike | undefined): SchedulerLike {
  if (scheduler === undefined) return asyncScheduler;
  if (typeof scheduler?.schedule === 'function' && typeof scheduler.now === 'function') {
    return scheduler;
  }
  throw new InvalidOptionError('scheduler', scheduler, 'an RxJS SchedulerLike');
}
