import type { Clock, TimerHandle } from './clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A {@link Clock} that moves only when told to: `advance(ms)` fires every timer that falls due, in
 * time order (ties in the order they were set), and resolves the sleeps that end. For tests: no
 * wall-clock waits, no timing thresholds, the same run every time.
 */
export class ManualClock implements Clock {
  #time: number;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();

  /** @param start The first reading of `now()`, in ms. Default: 0. */
  constructor(start = 0) {
    if (!Number.isFinite(start))
      throw new RangeError(`ManualClock: start must be finite, got ${start}`);
    this.#time = start;
  }

  now(): number {
    return this.#time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.#time + Math.max(0, ms), seq, callback });
    return seq;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        this.clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Timers and sleeps not yet due (for assertions). */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms` (>= 0), firing due timers earliest first; a timer that a callback
   * sets within the step fires in the same call if it falls due.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    const end = this.#time + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.#timers.values()) {
        if (timer.at > end) continue;
        if (
          next === undefined ||
          timer.at < next.at ||
          (timer.at === next.at && timer.seq < next.seq)
        ) {
          next = timer;
        }
      }
      if (next === undefined) break;
      this.#timers.delete(next.seq);
      this.#time = Math.max(this.#time, next.at);
      next.callback();
    }
    this.#time = end;
  }
}
