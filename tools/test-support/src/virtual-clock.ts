interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  readonly background: boolean;
}

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Time at start, ms. Default 0. */
  start?: number;
  /**
   * Move time by itself: whenever the code under test waits on a (foreground) timer, time jumps
   * to the earliest one and it fires, as soon as the event loop is free (real I/O still takes its
   * real time, in which virtual time stands still). Background timers fire when time passes them
   * but never move it, so a periodic task cannot make time run away. Default false: time moves
   * only by {@link VirtualClock.advance}.
   */
  autoAdvance?: boolean;
  /**
   * With `autoAdvance`: time moves only while this returns true, e.g. "no call in flight", so that
   * real I/O takes no virtual time and a timer cannot overtake an answer. Default: always idle.
   */
  idle?: () => boolean;
}

/**
 * A clock in virtual time for the packages' injected `clock` options: `now`, `setTimeout` /
 * `clearTimeout` (kinesis-producer) and `sleep(ms, signal)` (kinesis-source, kinesis-leases).
 * Verdicts read from it do not depend on how loaded the machine is.
 */
export class VirtualClock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  private readonly autoAdvance: boolean;
  private readonly idle: () => boolean;
  private stepping = false;

  constructor(options: VirtualClockOptions = {}) {
    this.time = options.start ?? 0;
    this.autoAdvance = options.autoAdvance ?? false;
    this.idle = options.idle ?? (() => true);
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number, background = false): number {
    const seq = ++this.seq;
    this.timers.set(seq, { at: this.time + Math.max(0, ms), seq, callback, background });
    if (!background) this.scheduleStep();
    return seq;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Resolves after `ms` of virtual time, or as soon as `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        this.clearTimeout(timer);
        resolve();
      };
      const timer = this.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let next = this.earliest(); next !== undefined && next.at <= end; next = this.earliest()) {
      this.fire(next);
    }
    this.time = end;
  }

  private earliest(foregroundOnly = false): Timer | undefined {
    let next: Timer | undefined;
    for (const t of this.timers.values()) {
      if (foregroundOnly && t.background) continue;
      if (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    }
    return next;
  }

  private fire(timer: Timer): void {
    this.timers.delete(timer.seq);
    this.time = Math.max(this.time, timer.at);
    timer.callback();
  }

  private scheduleStep(wait = false): void {
    if (!this.autoAdvance || this.stepping) return;
    this.stepping = true;
    const step = () => {
      this.stepping = false;
      const target = this.earliest(true);
      if (target === undefined) return;
      // Busy (I/O in flight): look again a real millisecond later, without moving time.
      if (!this.idle()) return this.scheduleStep(true);
      this.advance(target.at - this.time);
      if (this.earliest(true) !== undefined) this.scheduleStep();
    };
    if (wait) setTimeout(step, 1);
    else setImmediate(step);
  }
}
