import type { Clock } from './clock.js';

/**
 * The real clock. `now()` is `performance.timeOrigin + performance.now()`: ms since the epoch like
 * `Date.now()`, but monotonic, so a wall-clock step (NTP, a suspended laptop) never makes a timeout
 * negative or a lease look expired.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
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
  setTimeout(callback, ms, background) {
    const timer = setTimeout(callback, Math.max(0, ms));
    if (background) timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
