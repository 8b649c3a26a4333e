/** An opaque timer handle, whatever the clock's `setTimeout` returns. */
export type TimerHandle = unknown;

/**
 * Time source and timers of a producer: batching linger, retry backoff, pacing waits, watermark
 * and shard-map intervals all go through it, so tests can run them in virtual time.
 */
export interface Clock {
  /** Monotonic time in ms. Only differences are used. */
  now(): number;
  /**
   * Calls `callback` once after `ms`. `background` timers (periodic watermarks, shard-map refresh,
   * metrics) must not keep the process alive on their own.
   */
  setTimeout(callback: () => void, ms: number, background?: boolean): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and Node timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(callback, ms, background) {
    const timer = setTimeout(callback, Math.max(0, ms));
    if (background) timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
