import { InvalidTimestampError } from '../errors/invalid-timestamp-error.js';
import { isRecordTimestamp, isWatermarkTimestamp } from '../_internals/timestamps.js';
import type { StreamEvent, StreamRecord } from '../events/stream-event.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import { restoreOverWindow, snapshotOverWindow } from './_internals/over-window-state.js';
import type { OverWindowCounters, OverWindowOutput } from './over-window-change.js';
import {
  resolveOverWindowOptions,
  type OverWindowOptions,
  type ResolvedOverWindowOptions,
} from './over-window-options.js';
import type { OverWindowSnapshot } from './over-window-snapshot.js';

/** @internal A key's accumulator and how many of its records are in range. */
export interface OverWindowKeyState<ACC> {
  accumulator: ACC;
  count: number;
}

/**
 * Flink SQL's `OVER (PARTITION BY key ORDER BY time RANGE BETWEEN INTERVAL range PRECEDING AND
 * CURRENT ROW)` as a synchronous core: per key, an aggregate over the records of the last `range`
 * ms, kept incrementally — each record is added once and retracted once, when the operator's time
 * passes `timestamp + range`. The core of `overWindowAggregate`.
 *
 * The operator's time is the highest record timestamp or watermark seen; it never goes back. At
 * time `t` a key's window is `(t - range, t]`. A record older than the time but still in range is
 * added (and leaves at its own `timestamp + range`); one already out of range goes to the late
 * output. Every change is reported, retractions first: processing a record at a higher time
 * retracts what the new time expires (oldest first), then adds the record.
 *
 * If a callback throws, the exception propagates and the operator may have applied part of the
 * call: restore the last snapshot before going on. Output callbacks must not call back into it.
 */
export class OverWindowOperator<T, K extends WindowKey, ACC, R> {
  /** @internal */
  readonly config: ResolvedOverWindowOptions<T, K, ACC, R>;
  // The records in range, by timestamp then arrival, as parallel arrays (index `head` leaves
  // next) rather than one object per record: a record stays for a whole range, long enough for the
  // garbage collector to promote such objects, and the retraction loop reads them all in sequence.
  // `queueStates` holds each record's key state, so retracting needs no Map lookup.
  /** @internal */
  queueKeys: K[] = [];
  /** @internal */
  queueTimestamps: number[] = [];
  /** @internal */
  queueValues: T[] = [];
  /** @internal */
  queueStates: OverWindowKeyState<ACC>[] = [];
  /** @internal */
  head = 0;
  /** @internal */
  keys = new Map<K, OverWindowKeyState<ACC>>();
  /** @internal */
  time = -Infinity;
  /** @internal */
  elementsIn = 0;
  /** @internal */
  retracted = 0;
  /** @internal */
  lateDropped = 0;

  constructor(options: OverWindowOptions<T, K, ACC, R>) {
    this.config = resolveOverWindowOptions(options);
  }

  /** The operator's time, ms: -Infinity before the first record or watermark. */
  get currentTime(): number {
    return this.time;
  }

  /** Processes one record: moves the time up to its timestamp (retracting), then adds it. */
  processElement(record: StreamRecord<T>, output: OverWindowOutput<T, K, R>): void {
    const timestamp = record.timestamp;
    if (!isRecordTimestamp(timestamp)) {
      throw new InvalidTimestampError('record', timestamp, record.input);
    }
    const { keySelector, aggregate, range } = this.config;
    const value = record.value;
    const key = keySelector(value);
    this.elementsIn++;
    if (timestamp > this.time) this.advance(timestamp, output);
    else if (timestamp <= this.time - range) {
      this.lateDropped++;
      output.late({ value, timestamp, input: record.input, key, time: this.time });
      return;
    }
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { accumulator: aggregate.createAccumulator(), count: 0 };
      this.keys.set(key, state);
    }
    this.insert(key, timestamp, value, state);
    state.accumulator = aggregate.add(value, state.accumulator);
    state.count++;
    output.change({
      kind: 'add',
      key,
      value,
      timestamp,
      time: this.time,
      count: state.count,
      result: aggregate.getResult(state.accumulator, key),
    });
  }

  /** Moves the time up to `timestamp` (a lower one is ignored) and retracts what leaves the range. */
  processWatermark(timestamp: number, output: OverWindowOutput<T, K, R>): void {
    if (!isWatermarkTimestamp(timestamp)) {
      throw new InvalidTimestampError('watermark', timestamp, undefined);
    }
    if (timestamp > this.time) this.advance(timestamp, output);
  }

  /** Processes a record or watermark; status and end events are ignored. */
  processEvent(event: StreamEvent<T>, output: OverWindowOutput<T, K, R>): void {
    if (event.kind === 'record') this.processElement(event, output);
    else if (event.kind === 'watermark') this.processWatermark(event.timestamp, output);
  }

  /** Processes a batch in order, like `processEvent` on each. */
  processBatch(events: readonly StreamEvent<T>[], output: OverWindowOutput<T, K, R>): void {
    for (let i = 0; i < events.length; i++) this.processEvent(events[i], output);
  }

  /** The aggregate's result for a key now, `undefined` if it has no record in range. */
  resultOf(key: K): R | undefined {
    const state = this.keys.get(key);
    return state === undefined
      ? undefined
      : this.config.aggregate.getResult(state.accumulator, key);
  }

  /** The counters, as of now. */
  counters(): OverWindowCounters {
    return {
      elementsIn: this.elementsIn,
      retracted: this.retracted,
      lateDropped: this.lateDropped,
      inRange: this.queueKeys.length - this.head,
      keys: this.keys.size,
      time: this.time,
    };
  }

  /** The whole state as plain JSON; later changes to the operator do not affect it. */
  snapshot(): OverWindowSnapshot {
    return snapshotOverWindow(this);
  }

  /**
   * Replaces the whole state with a snapshot's (which may have been through JSON). Throws a
   * `SnapshotError`, leaving the state as it was, if it is malformed or has another range.
   */
  restore(snapshot: OverWindowSnapshot): void {
    restoreOverWindow(this, snapshot);
  }

  private advance(time: number, output: OverWindowOutput<T, K, R>): void {
    this.time = time;
    const bound = time - this.config.range;
    const { aggregate } = this.config;
    const keys = this.queueKeys;
    const timestamps = this.queueTimestamps;
    const values = this.queueValues;
    const states = this.queueStates;
    const n = keys.length;
    let head = this.head;
    while (head < n && timestamps[head] <= bound) {
      const key = keys[head];
      const value = values[head];
      const state = states[head];
      // Cleared so the value and state can be collected before the arrays are compacted.
      values[head] = undefined as T;
      states[head] = undefined as unknown as OverWindowKeyState<ACC>;
      this.head = ++head;
      state.accumulator = aggregate.retract(value, state.accumulator);
      state.count--;
      if (state.count === 0) this.keys.delete(key);
      this.retracted++;
      output.change({
        kind: 'retract',
        key,
        value,
        timestamp: timestamps[head - 1],
        time,
        count: state.count,
        result: aggregate.getResult(state.accumulator, key),
      });
    }
    if (head > 1024 && head * 2 > n) {
      keys.splice(0, head);
      timestamps.splice(0, head);
      values.splice(0, head);
      states.splice(0, head);
      this.head = 0;
    }
  }

  private insert(key: K, timestamp: number, value: T, state: OverWindowKeyState<ACC>): void {
    const timestamps = this.queueTimestamps;
    const n = timestamps.length;
    if (n === this.head || timestamps[n - 1] <= timestamp) {
      this.queueKeys.push(key);
      timestamps.push(timestamp);
      this.queueValues.push(value);
      this.queueStates.push(state);
      return;
    }
    // Out of order: after every record with a timestamp <= its own, so ties leave in arrival order.
    let lo = this.head;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timestamps[mid] <= timestamp) lo = mid + 1;
      else hi = mid;
    }
    this.queueKeys.splice(lo, 0, key);
    timestamps.splice(lo, 0, timestamp);
    this.queueValues.splice(lo, 0, value);
    this.queueStates.splice(lo, 0, state);
  }
}
