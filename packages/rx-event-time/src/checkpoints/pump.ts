import { Subject, type OperatorFunction } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { checkpointBarrier, type CheckpointBarrier } from './checkpoint-barrier.js';

/** Options of {@link pump}. */
export interface PumpOptions {
  /**
   * Inject a {@link CheckpointBarrier} after a source item whenever this many ms (of `clock`) have
   * passed since the last one, and one more when the source ends (before the pipe completes).
   * Default: no barriers.
   */
  readonly barrierIntervalMs?: number;
  /**
   * The source's own state at a barrier (e.g. its read positions), stored in the barrier as
   * `snapshots.source`. Called right after the item before the barrier has been consumed, so it
   * describes exactly the items before the barrier. Default: none.
   */
  readonly sourceSnapshot?: () => unknown;
  /** The id of the first barrier, e.g. one more than the checkpoint restored from. Default 1. */
  readonly firstBarrierId?: number;
  /** Processing-time clock for `barrierIntervalMs`, ms. Default `Date`. */
  readonly clock?: { now(): number };
  /**
   * Stops pulling the source: the item in progress is finished, then the final barrier (if any) is
   * sent, and the pipe is left without completing it (so no stage flushes its open state as if the
   * input had ended: a window operator would fire every window). A source waiting for its next item should end on the same
   * signal (the Kinesis source's `signal` option does). Default: none.
   */
  readonly signal?: AbortSignal;
}

/** What {@link pump} did. */
export interface PumpResult {
  /** Source items pushed into the pipe. */
  readonly items: number;
  /** Barriers injected, including the final one. */
  readonly barriers: number;
  /** Whether it stopped because `signal` was aborted (rather than the source ending). */
  readonly aborted: boolean;
}

/**
 * Runs a synchronous pipe (built from this package's operators) over an async source, with
 * backpressure: each source item is pushed through `operator`, and every output it produced is
 * handed to `consume` — awaited, one at a time, in order — before the next item is pulled. So a
 * slow sink slows the source, and nothing piles up in between.
 *
 * With `barrierIntervalMs`, checkpoint barriers go through the pipe too, so every stage of
 * `operator` must pass them on (wrap stateful ones in `snapshotAtBarriers`, which does); `consume` receives them, carrying every stage's snapshot, after all the
 * outputs of the items before them: flush the sink there, then save the barrier's snapshots — a
 * checkpoint consistent with the source position in `snapshots.source`.
 *
 * Resolves when the source has ended and the pipe has completed (or `signal` aborted: not
 * completed), and the last output has been consumed; rejects with the first error of the source, the pipe or `consume`.
 */
export async function pump<I, O>(
  source: AsyncIterable<I>,
  operator: OperatorFunction<I | CheckpointBarrier, O> | OperatorFunction<I, O>,
  consume: (output: O) => void | Promise<void>,
  options: PumpOptions = {},
): Promise<PumpResult> {
  const { barrierIntervalMs, sourceSnapshot, clock, signal } = resolvePumpOptions(options);
  let barrierId = options.firstBarrierId ?? 1;
  const input = new Subject<I | CheckpointBarrier>();
  const outputs: O[] = [];
  let failure: { error: unknown } | undefined;
  // With barriers on, `operator` must let them through (its stateful stages in snapshotAtBarriers).
  const pipe = operator as OperatorFunction<I | CheckpointBarrier, O>;
  const subscription = pipe(input).subscribe({
    next: (output) => outputs.push(output),
    error: (error: unknown) => {
      failure ??= { error };
    },
  });
  const drain = async (): Promise<void> => {
    // Outputs are taken one at a time: `consume` may take long, and a timer-driven stage (e.g. an
    // idleness watermark) may add more meanwhile.
    while (outputs.length > 0) {
      if (failure) break;
      await consume(outputs.shift()!);
    }
    if (failure) throw failure.error;
  };
  let items = 0;
  let barriers = 0;
  const barrier = async (): Promise<void> => {
    barriers++;
    input.next(checkpointBarrier(barrierId++, sourceSnapshot ? { source: sourceSnapshot() } : {}));
    await drain();
  };
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  let aborted = false;
  try {
    let lastBarrier = clock.now();
    // The signal is checked before each pull, so an abort seen while consuming (even a barrier)
    // stops the source before another item is read.
    while (!signal?.aborted) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      items++;
      input.next(next.value);
      await drain();
      if (
        barrierIntervalMs !== undefined &&
        !signal?.aborted &&
        clock.now() - lastBarrier >= barrierIntervalMs
      ) {
        await barrier();
        lastBarrier = clock.now();
      }
    }
    if (barrierIntervalMs !== undefined) await barrier();
    // A source that ended completes the pipe (a bounded input: the final watermark fires every
    // window); an aborted run does not — its open windows live on in the last checkpoint.
    // A source that ends because of the abort (it stops on the same signal) counts as aborted.
    if (done && !signal?.aborted) {
      input.complete();
      await drain();
    } else {
      aborted = true;
    }
  } finally {
    subscription.unsubscribe();
    if (!done) await iterator.return?.();
  }
  return { items, barriers, aborted };
}

/** @internal Validates {@link PumpOptions} once. */
export function resolvePumpOptions(options: PumpOptions): {
  barrierIntervalMs: number | undefined;
  sourceSnapshot: (() => unknown) | undefined;
  clock: { now(): number };
  signal: AbortSignal | undefined;
} {
  const { barrierIntervalMs, sourceSnapshot, clock = Date, signal, firstBarrierId } = options;
  if (
    barrierIntervalMs !== undefined &&
    !(typeof barrierIntervalMs === 'number' && barrierIntervalMs >= 0)
  ) {
    throw new InvalidOptionError('barrierIntervalMs', barrierIntervalMs, 'a number >= 0 (ms)');
  }
  if (sourceSnapshot !== undefined && typeof sourceSnapshot !== 'function') {
    throw new InvalidOptionError('sourceSnapshot', sourceSnapshot, 'a function');
  }
  if (typeof clock?.now !== 'function') {
    throw new InvalidOptionError('clock', clock, 'an object with a now() method');
  }
  if (firstBarrierId !== undefined && !Number.isSafeInteger(firstBarrierId)) {
    throw new InvalidOptionError('firstBarrierId', firstBarrierId, 'a safe integer');
  }
  return { barrierIntervalMs, sourceSnapshot, clock, signal };
}
