import { InvalidTimestampError } from '../errors/invalid-timestamp-error.js';
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

/** @internal A record in range. */
export interface OverWindowEntry<T, K> {
  readonly key: K;
  readonly timestamp: number;
  readonly value: T;
}

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
  /** @internal Records in range, by timestamp then arrival; `head` is the next to leave. */
  queue: OverWindowEntry<T, K>[] = [];
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
    if (!(timestamp > -Infinity && timestamp < Infinity)) {
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
    this.insert({ key, timestamp, value });
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { accumulator: aggregate.createAccumulator(), count: 0 };
      this.keys.set(key, state);
    }
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
    if (typeof timestamp !== 'number' || Number.isNaN(timestamp)) {
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
      inRange: this.queue.length - this.head,
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
    const queue = this.queue;
    const { aggregate } = this.config;
    let head = this.head;
    while (head < queue.length && queue[head].timestamp <= bound) {
      const entry = queue[head];
      // Cleared so the value can be collected before the queue is compacted.
      queue[head++] = undefined as unknown as OverWindowEntry<T, K>;
      this.head = head;
      const key = entry.key;
      const state = this.keys.get(key)!;
      state.accumulator = aggregate.retract(entry.value, state.accumulator);
      state.count--;
      if (state.count === 0) this.keys.delete(key);
      this.retracted++;
      output.change({
        kind: 'retract',
        key,
        value: entry.value,
        timestamp: entry.timestamp,
        time,
        count: state.count,
        result: aggregate.getResult(state.accumulator, key),
      });
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      this.head = 0;
    }
  }

  private insert(entry: OverWindowEntry<T, K>): void {
    const queue = this.queue;
    const n = queue.length;
    if (n === this.head || queue[n - 1].timestamp <= entry.timestamp) {
      queue.push(entry);
      return;
    }
    // Out of order: after every record with a timestamp <= its own, so ties leave in arrival order.
    let lo = this.head;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (queue[mid].timestamp <= entry.timestamp) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, entry);
  }
}
