import type { TimeWindow } from './time-window.js';

/** One firing of one (key, window). */
export interface WindowResult<K, R> {
  readonly key: K;
  readonly window: TimeWindow;
  /** The aggregate's `getResult` at the firing. */
  readonly value: R;
  /**
   * `false` for the on-time firing, when the watermark reached `window.end - 1`. `true` for a late
   * firing: a late record within the allowed lateness updated the window after that; the result
   * replaces any earlier one for the same key and window (there may be none, if the key had no
   * on-time records in it).
   */
  readonly isUpdate: boolean;
  /**
   * Session windows only: earlier windows of this key whose results were already emitted and which
   * this window has absorbed by merging; their results are void.
   */
  readonly supersedes?: readonly TimeWindow[];
}

/** Why a record went to the late side output. */
export type LateReason = 'beyond-allowed-lateness';

/**
 * A record that arrived after every window it belongs to had passed `maxTimestamp +
 * allowedLateness`: it is in no result, only here (Flink's `sideOutputLateData`).
 */
export interface LateRecord<T, K> {
  readonly value: T;
  readonly timestamp: number;
  readonly input?: string;
  readonly key: K;
  /** The operator's watermark when the record arrived. */
  readonly watermark: number;
  readonly reason: LateReason;
}

/** Where a {@link WindowOperator} sends what it produces. Called synchronously, in order. */
export interface WindowOutput<T, K, R> {
  result(result: WindowResult<K, R>): void;
  late(record: LateRecord<T, K>): void;
}
