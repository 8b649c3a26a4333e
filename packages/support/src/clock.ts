/** An opaque timer handle: whatever the clock's `setTimeout` returned. */
export type TimerHandle = unknown;

/**
 * Time as a tripstream component sees it. Every package takes one as its `clock` option (or the
 * part of it that it uses, e.g. `Pick<Clock, 'now' | 'sleep'>`), so tests run in virtual time
 * with a {@link ManualClock} instead of waiting on the wall clock.
 */
export interface Clock {
  /** Current time in ms. Only differences between two readings are meaningful. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds, or as soon as `signal` aborts. Never rejects: callers check
   * `signal.aborted` themselves, so an abort is not mistaken for a failure.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `callback` once after `ms`. A `background` timer (periodic flushes, refreshes, metrics)
   * does not keep the process alive on its own.
   */
  setTimeout(callback: () => void, ms: number, background?: boolean): TimerHandle;
  /** Cancels a timer from {@link Clock.setTimeout}; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}
