import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';

/** What an operator built with {@link operate} does with its source's notifications. @internal */
export interface OperatorHandlers<T> {
  /** A value from the source. May emit through the subscriber. */
  next(value: T): void;
  /** The source completed; emit what is left. The subscriber is completed afterwards. */
  complete?(): void;
  /** Exactly once, on completion, error or unsubscription: release timers and buffers. */
  finalize?(): void;
}

/**
 * The plumbing every operator of this package shares (RxJS's internal `operate` +
 * `createOperatorSubscriber`, on public API): a throwing handler sends its error downstream;
 * notifications that arrive re-entrantly — a downstream observer feeding the source while this
 * operator is emitting — are queued and handled after the current one, so the core's state is never
 * touched mid-call and outputs keep their order; teardown runs exactly once. `schedule` runs work
 * from timers through the same queue.
 * @internal
 */
export function operate<T, R>(
  init: (subscriber: Subscriber<R>, schedule: (task: () => void) => void) => OperatorHandlers<T>,
): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let queue: (() => void)[] | null = [];
      let busy = false;
      let finalized = false;
      const run = (task: () => void): void => {
        if (queue === null || subscriber.closed) return;
        if (busy) {
          queue.push(task);
          return;
        }
        busy = true;
        try {
          task();
          while (queue !== null && queue.length > 0 && !subscriber.closed) queue.shift()!();
        } catch (error) {
          subscriber.error(error);
        } finally {
          busy = false;
        }
      };
      const handlers = init(subscriber, run);
      const finalize = (): void => {
        if (finalized) return;
        finalized = true;
        queue = null;
        handlers.finalize?.();
      };
      const subscription = source.subscribe({
        next: (value) => run(() => handlers.next(value)),
        error: (error: unknown) => {
          finalize();
          subscriber.error(error);
        },
        complete: () =>
          run(() => {
            handlers.complete?.();
            finalize();
            subscriber.complete();
          }),
      });
      return () => {
        subscription.unsubscribe();
        finalize();
      };
    });
}
