import { ManualClock, type TimerHandle } from '@tripstream/support';

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Time at start, ms. Default 0. */
  start?: number;
  /**
   * Move time by itself: whenever the code under test waits on a (foreground) timer or sleep,
   * time jumps to the earliest one and it fires, as soon as the event loop is free. Background
   * timers fire when time passes them but never move it, so a periodic task cannot make time run
   * away. Default false: time moves only by `advance(ms)`, as with `ManualClock`.
   */
  autoAdvance?: boolean;
  /**
   * With `autoAdvance`: time moves only while this returns true, e.g. "no call in flight", so that
   * real I/O takes no virtual time and a timer cannot overtake an answer. Default: always idle.
   */
  idle?: () => boolean;
}

/**
 * @tripstream/support's `ManualClock` (the packages' `clock` option in virtual time) that can
 * also advance by itself while the code under test waits, for tests that run against real
 * servers: verdicts read from it do not depend on how loaded the machine is.
 */
export class VirtualClock extends ManualClock {
  /** Foreground timers not yet fired, by handle: when they fall due. */
  readonly #foreground = new Map<TimerHandle, number>();
  readonly #autoAdvance: boolean;
  readonly #idle: () => boolean;
  #stepping = false;

  constructor(options: VirtualClockOptions = {}) {
    super(options.start ?? 0);
    this.#autoAdvance = options.autoAdvance ?? false;
    this.#idle = options.idle ?? (() => true);
  }

  override setTimeout(callback: () => void, ms: number, background = false): TimerHandle {
    const handle = super.setTimeout(() => {
      this.#foreground.delete(handle);
      callback();
    }, ms);
    if (!background) {
      this.#foreground.set(handle, this.now() + Math.max(0, ms));
      this.#scheduleStep();
    }
    return handle;
  }

  override clearTimeout(handle: TimerHandle): void {
    this.#foreground.delete(handle);
    super.clearTimeout(handle);
  }

  #scheduleStep(wait = false): void {
    if (!this.#autoAdvance || this.#stepping) return;
    this.#stepping = true;
    const step = () => {
      this.#stepping = false;
      if (this.#foreground.size === 0) return;
      // Busy (I/O in flight): look again a real millisecond later, without moving time.
      if (!this.#idle()) return this.#scheduleStep(true);
      this.advance(Math.max(0, Math.min(...this.#foreground.values()) - this.now()));
      if (this.#foreground.size > 0) this.#scheduleStep();
    };
    if (wait) setTimeout(step, 1);
    else setImmediate(step);
  }
}
