import type { Clock, TimerHandle } from '../clock.js';

/**
 * @internal Every timer a producer arms goes through here, so `stop()` clears them all at once
 * (close, destroy) and none fires into a stopped producer.
 */
export class ProducerTimers {
  private readonly timers = new Set<TimerHandle>();
  private wakeTimer: TimerHandle | undefined;
  private wakeAtMs = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly stopped: () => boolean,
  ) {}

  /** Calls `fn` once after `ms`, unless the producer stopped meanwhile. */
  after(ms: number, fn: () => void): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped()) fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Resolves after `ms` (even if the producer stopped: the caller checks). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Runs `task` every `periodMs` on a background timer until the producer stops. */
  every(periodMs: number, task: () => void): void {
    const tick = () => {
      this.timers.delete(timer);
      if (this.stopped()) return;
      task();
      timer = this.clock.setTimeout(tick, periodMs, true);
      this.timers.add(timer);
    };
    let timer = this.clock.setTimeout(tick, periodMs, true);
    this.timers.add(timer);
  }

  /**
   * Calls `fn` at clock time `at`: one wake-up timer at a time, moved earlier when an earlier
   * wake-up is asked for, never later (the pump re-arms it if it was early).
   */
  wakeAt(at: number, now: number, fn: () => void): void {
    if (this.wakeTimer !== undefined) {
      if (this.wakeAtMs <= at) return;
      this.clock.clearTimeout(this.wakeTimer);
      this.timers.delete(this.wakeTimer);
    }
    this.wakeAtMs = at;
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      this.wakeTimer = undefined;
      this.wakeAtMs = Infinity;
      fn();
    }, at - now);
    this.wakeTimer = timer;
    this.timers.add(timer);
  }

  stop(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.wakeTimer = undefined;
    this.wakeAtMs = Infinity;
  }
}
