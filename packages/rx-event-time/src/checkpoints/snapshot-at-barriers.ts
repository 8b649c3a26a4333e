import { Observable, Subject, type OperatorFunction } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { isCheckpointBarrier, type CheckpointBarrier } from './checkpoint-barrier.js';

/** Anything whose state can be captured: every core of this package (`WindowOperator`, ...). */
export interface Snapshottable<S = unknown> {
  snapshot(): S;
}

/**
 * Makes a stateful stage of a pipe checkpointable, the way a Flink operator is: items go through
 * `operator`; a {@link CheckpointBarrier} goes around it, picking up `state.snapshot()` under `name`
 * as it passes, and is emitted in order with the operator's outputs.
 *
 * `state` is the instance `operator` drives (e.g. `snapshotAtBarriers('window', op,
 * runWindowOperator(op))`). This is consistent because the package's operators handle each item
 * synchronously: when a barrier arrives, every item before it has been processed and its outputs
 * emitted, and none after it has been seen. An operator that emits later (e.g. a timer) still
 * emits its outputs before the barrier that follows the state change behind them.
 *
 * A barrier that already holds a snapshot named `name` (two stages of one pipe under one name)
 * errors the stream with an `InvalidOptionError`; so does a throwing `snapshot()`, with its error.
 */
export function snapshotAtBarriers<I, O, S>(
  name: string,
  state: Snapshottable<S>,
  operator: OperatorFunction<I, O>,
): OperatorFunction<I | CheckpointBarrier, O | CheckpointBarrier> {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidOptionError('name', name, 'a non-empty string');
  }
  if (typeof state?.snapshot !== 'function') {
    throw new InvalidOptionError('state', state, 'an object with a snapshot() method');
  }
  return (source) =>
    new Observable<O | CheckpointBarrier>((subscriber) => {
      const items = new Subject<I>();
      const inner = operator(items).subscribe(subscriber);
      const upstream = source.subscribe({
        next: (item) => {
          if (!isCheckpointBarrier(item)) {
            items.next(item);
            return;
          }
          if (Object.prototype.hasOwnProperty.call(item.snapshots, name)) {
            subscriber.error(
              new InvalidOptionError(
                'name',
                name,
                'a stage name not already used by another stage of the pipe',
              ),
            );
            return;
          }
          let snapshot: S;
          try {
            snapshot = state.snapshot();
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next({ ...item, snapshots: { ...item.snapshots, [name]: snapshot } });
        },
        error: (error: unknown) => items.error(error),
        complete: () => items.complete(),
      });
      return () => {
        upstream.unsubscribe();
        inner.unsubscribe();
      };
    });
}
