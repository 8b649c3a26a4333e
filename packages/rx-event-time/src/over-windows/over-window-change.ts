/**
 * One change of one key's over-window: a record entered it (`add`, one per record, Flink's OVER
 * output row) or left it because the time moved past `timestamp + range` (`retract`).
 */
export interface OverWindowChange<T, K, R> {
  readonly kind: 'add' | 'retract';
  readonly key: K;
  /** The record that entered or left. */
  readonly value: T;
  /** Its timestamp, ms. */
  readonly timestamp: number;
  /** The operator's time when it happened, ms: the window is `(time - range, time]`. */
  readonly time: number;
  /** Records of the key in range after the change; `0` means the key has left the state. */
  readonly count: number;
  /** The aggregate's result for the key after the change. */
  readonly result: R;
}

/** A record already out of range when it arrived (`timestamp <= time - range`): in no window. */
export interface OverWindowLateRecord<T, K> {
  readonly value: T;
  readonly timestamp: number;
  readonly input?: string;
  readonly key: K;
  /** The operator's time when it arrived, ms. */
  readonly time: number;
}

/** Where an {@link OverWindowOperator} sends what it produces. Called synchronously, in order. */
export interface OverWindowOutput<T, K, R> {
  change(change: OverWindowChange<T, K, R>): void;
  late(record: OverWindowLateRecord<T, K>): void;
}

/** The counters an {@link OverWindowOperator} reports; counts since it started. */
export interface OverWindowCounters {
  /** Records processed, late ones included. */
  readonly elementsIn: number;
  /** Records that have left the range (retract changes). */
  readonly retracted: number;
  /** Records that arrived out of range and went to the late output. */
  readonly lateDropped: number;
  /** Records in range now. */
  readonly inRange: number;
  /** Keys with at least one record in range now. */
  readonly keys: number;
  /** The operator's time, ms (-Infinity before the first record or watermark). */
  readonly time: number;
}
