/**
 * Time as the coordinator sees it. Leases expire by the observer's clock, never by comparing
 * clocks of two machines (as in the KCL), so tests inject a manual clock and step it.
 */
export interface Clock {
  /** Current time in ms (any monotonic origin). */
  now(): number;
  /** Resolves after `ms` milliseconds, or as soon as `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock: `performance.now()` (monotonic) and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};
