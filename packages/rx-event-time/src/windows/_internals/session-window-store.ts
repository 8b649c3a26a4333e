import type { StreamRecord } from '../../events/stream-event.js';
import type { AggregateFunction } from '../aggregate-function.js';
import type { TimeWindow } from '../time-window.js';
import type { WindowOutput } from '../window-result.js';
import { emitLate, type OperatorState, type WindowStore } from './operator-state.js';
import { TimerHeap } from './timer-heap.js';

/** One session of one key. @internal */
export interface Session<K, ACC> {
  readonly key: K;
  window: TimeWindow;
  accumulator: ACC;
  /** Creation order; breaks ties between timers due at the same time. */
  readonly sequence: number;
  /** Emitted windows this session absorbed by merging, not yet reported by a firing. */
  supersedes: TimeWindow[];
  /** Whether the current window's result was emitted; always `window.end - 1 <= watermark`. */
  fired: boolean;
  /** False once merged into another session or purged. */
  alive: boolean;
  /** Time of this session's live timer in the heap. */
  timerTime: number;
}

/**
 * State of merging session windows: per key, a list of disjoint sessions sorted by start, plus a
 * timer heap that fires them at `end - 1` and purges them at `end - 1 + allowedLateness`.
 * @internal
 */
export class SessionWindowStore<T, K, ACC, R> implements WindowStore<T, K, R> {
  readonly sessions = new Map<K, Session<K, ACC>[]>();
  private readonly timers = new TimerHeap<Session<K, ACC>>();
  nextSequence = 0;

  constructor(
    private readonly gap: number,
    private readonly mergeTouching: boolean,
    private readonly allowedLateness: number,
    private readonly aggregate: AggregateFunction<T, ACC, R, K>,
    private readonly state: OperatorState,
  ) {}

  add(record: StreamRecord<T>, key: K, out: WindowOutput<T, K, R>): void {
    const start = record.timestamp;
    const end = start + this.gap;
    const watermark = this.state.watermark;
    let list = this.sessions.get(key);
    // The sessions [first, last) of the key's sorted list intersect [start, end): overlap, or
    // touch too when mergeTouching (Flink's TimeWindow.intersects). A touching session that has
    // already fired is merged like an overlapping one: its result is reported as superseded.
    const touch = this.mergeTouching ? 1 : 0;
    let first = 0;
    let last = 0;
    if (list !== undefined) {
      while (first < list.length && list[first].window.end + touch <= start) first++;
      last = first;
      while (last < list.length && list[last].window.start < end + touch) last++;
    }
    const aggregate = this.aggregate;
    if (list === undefined || first === last) {
      if (end - 1 + this.allowedLateness <= watermark)
        return emitLate(this.state, record, key, out);
      const session: Session<K, ACC> = {
        key,
        window: { start, end },
        accumulator: aggregate.add(record.value, aggregate.createAccumulator()),
        sequence: this.nextSequence++,
        supersedes: [],
        fired: false,
        alive: true,
        timerTime: Infinity,
      };
      if (list === undefined) this.sessions.set(key, (list = []));
      list.splice(first, 0, session);
      this.state.windowsOpen++;
      this.settle(session, watermark, out);
      return;
    }
    const target = list[first];
    const wasFired = target.fired;
    let mergedStart = Math.min(start, target.window.start);
    let mergedEnd = Math.max(end, target.window.end);
    if (wasFired) target.supersedes.push(target.window);
    for (let i = first + 1; i < last; i++) {
      const other = list[i];
      if (other.fired) target.supersedes.push(other.window);
      for (const window of other.supersedes) target.supersedes.push(window);
      target.accumulator = aggregate.merge(target.accumulator, other.accumulator);
      mergedStart = Math.min(mergedStart, other.window.start);
      mergedEnd = Math.max(mergedEnd, other.window.end);
      other.alive = false;
    }
    if (last - first > 1) {
      list.splice(first + 1, last - first - 1);
      this.state.windowsOpen -= last - first - 1;
    }
    target.accumulator = aggregate.add(record.value, target.accumulator);
    const unchanged = mergedStart === target.window.start && mergedEnd === target.window.end;
    if (unchanged && wasFired) {
      // Superseded windows exist only if another fired session merged in; then the window changed.
      target.supersedes.length = 0;
    } else if (!unchanged) {
      target.window = { start: mergedStart, end: mergedEnd };
    }
    this.settle(target, watermark, out);
  }

  advance(out: WindowOutput<T, K, R>): void {
    const watermark = this.state.watermark;
    const timers = this.timers;
    while (timers.size > 0 && timers.peekTime() <= watermark) {
      const time = timers.peekTime();
      const session = timers.pop();
      if (!session.alive || session.timerTime !== time) continue;
      const fireTime = session.window.end - 1;
      const due = session.fired ? fireTime + this.allowedLateness : fireTime;
      if (time < due) {
        // The session grew since this timer was set: wait for its new end, in its turn.
        this.schedule(session, due);
        continue;
      }
      if (!session.fired) {
        this.state.windowsFired++;
        this.emit(session, false, out);
      }
      const purgeTime = fireTime + this.allowedLateness;
      if (purgeTime <= watermark) this.purge(session);
      else this.schedule(session, purgeTime);
    }
  }

  /** Re-creates a session from a snapshot; sessions of a key must come in start order. */
  restoreSession(
    key: K,
    window: TimeWindow,
    accumulator: ACC,
    sequence: number,
    supersedes: TimeWindow[],
  ): void {
    const session: Session<K, ACC> = {
      key,
      window,
      accumulator,
      sequence,
      supersedes,
      fired: window.end - 1 <= this.state.watermark,
      alive: true,
      timerTime: Infinity,
    };
    let list = this.sessions.get(key);
    if (list === undefined) this.sessions.set(key, (list = []));
    list.push(session);
    this.state.windowsOpen++;
    const fireTime = window.end - 1;
    this.schedule(session, session.fired ? fireTime + this.allowedLateness : fireTime);
  }

  /**
   * After a session was created or changed: fire it now if the watermark has passed its end (a
   * late firing), and make sure a timer will fire or purge it.
   */
  private settle(session: Session<K, ACC>, watermark: number, out: WindowOutput<T, K, R>): void {
    const fireTime = session.window.end - 1;
    if (fireTime <= watermark) {
      this.state.lateUpdates++;
      this.emit(session, true, out);
      // Lateness was checked on the way in, so the purge time is still ahead.
      this.scheduleAtMost(session, fireTime + this.allowedLateness);
    } else {
      session.fired = false;
      this.scheduleAtMost(session, fireTime);
    }
  }

  /** Timers only move earlier here; a timer that comes too early re-arms itself in `advance`. */
  private scheduleAtMost(session: Session<K, ACC>, time: number): void {
    if (time < session.timerTime) this.schedule(session, time);
  }

  private schedule(session: Session<K, ACC>, time: number): void {
    session.timerTime = time;
    this.timers.push(time, session.sequence, session);
  }

  private emit(session: Session<K, ACC>, isUpdate: boolean, out: WindowOutput<T, K, R>): void {
    const { key, window } = session;
    session.fired = true;
    const value = this.aggregate.getResult(session.accumulator, key, window);
    if (session.supersedes.length === 0) {
      out.result({ key, window, value, isUpdate });
    } else {
      const supersedes = session.supersedes;
      session.supersedes = [];
      out.result({ key, window, value, isUpdate, supersedes });
    }
  }

  private purge(session: Session<K, ACC>): void {
    session.alive = false;
    this.state.windowsOpen--;
    const list = this.sessions.get(session.key)!;
    const index = list.indexOf(session);
    list.splice(index, 1);
    if (list.length === 0) this.sessions.delete(session.key);
  }
}
