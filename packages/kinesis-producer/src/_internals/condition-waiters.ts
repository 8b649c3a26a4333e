import { ProducerClosedError } from '../errors/producer-closed-error.js';

interface ConditionWaiter {
  done: () => boolean;
  rejectOnFailure: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const RESOLVED = Promise.resolve();

/**
 * @internal `flush()` and `close()` wait for conditions on the producer's state; whatever changes
 * that state calls {@link check}, which settles the waiters whose condition now holds.
 */
export class ConditionWaiters {
  private waiters: ConditionWaiter[] = [];

  constructor(
    private readonly failure: () => Error | undefined,
    private readonly destroyed: () => boolean,
  ) {}

  /** Resolves once `done()`; rejects with the producer's error if `rejectOnFailure`. */
  until(done: () => boolean, rejectOnFailure: boolean): Promise<void> {
    const failure = this.failure();
    if (rejectOnFailure && failure) return Promise.reject(failure);
    if (done()) return RESOLVED;
    if (this.destroyed()) return Promise.reject(new ProducerClosedError('wait'));
    return new Promise((resolve, reject) =>
      this.waiters.push({ done, rejectOnFailure, resolve, reject }),
    );
  }

  check(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    const failure = this.failure();
    for (const w of waiters) {
      if (w.rejectOnFailure && failure) w.reject(failure);
      else if (w.done()) w.resolve();
      else this.waiters.push(w);
    }
  }

  rejectAll(error: unknown): void {
    for (const w of this.waiters.splice(0)) w.reject(error);
  }
}
