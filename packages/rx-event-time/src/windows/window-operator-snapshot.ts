import type { SNAPSHOT_VERSION, WINDOW_OPERATOR_SNAPSHOT_FORMAT } from '../constants.js';
import type { JsonTimestamp, JsonValue } from '../events/json-value.js';
import type { WindowAssigner } from './window-assigner.js';
import type { WindowKey } from './window-operator-options.js';

/** The counters a {@link WindowOperator} reports; all counts since the operator started. */
export interface WindowOperatorCounters {
  /** Records processed. */
  readonly elementsIn: number;
  /** Late firings emitted (results with `isUpdate: true`). */
  readonly lateUpdates: number;
  /** Records sent to the late output (beyond the allowed lateness). */
  readonly lateDropped: number;
  /** (key, window) accumulators held now, fired-but-within-lateness ones included. */
  readonly windowsOpen: number;
  /** On-time firings emitted: one per (key, window). */
  readonly windowsFired: number;
  /** The operator's current watermark, ms (-Infinity before the first). */
  readonly watermark: number;
}

/** All keys' accumulators of one window of a tumbling or sliding assigner. */
export interface AlignedWindowSnapshot {
  readonly start: number;
  readonly end: number;
  /** Keys in first-seen order (the order their results come out). */
  readonly keys: readonly WindowKey[];
  /** `accumulators[i]` belongs to `keys[i]`. */
  readonly accumulators: readonly JsonValue[];
}

/** One open session of one key. */
export interface SessionSnapshot {
  readonly key: WindowKey;
  readonly start: number;
  readonly end: number;
  /** Creation order: ties between sessions firing at the same time break by it. */
  readonly sequence: number;
  /** Emitted windows merged into this session, to be reported by its next firing. */
  readonly supersedes: readonly (readonly [number, number])[];
  readonly accumulator: JsonValue;
}

/**
 * The whole state of a {@link WindowOperator} as plain JSON (`JSON.stringify` it as is). Taken
 * between two calls, restored into an operator with the same assigner, it continues exactly like the
 * operator it was taken from.
 */
export interface WindowOperatorSnapshot {
  readonly format: typeof WINDOW_OPERATOR_SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** Must equal the restoring operator's assigner. */
  readonly assigner: WindowAssigner;
  /** For information: the restoring operator's own `allowedLateness` applies. */
  readonly allowedLateness: number;
  readonly watermark: JsonTimestamp;
  readonly counters: {
    readonly elementsIn: number;
    readonly lateUpdates: number;
    readonly lateDropped: number;
    readonly windowsFired: number;
  };
  /** Tumbling and sliding assigners: open windows, ordered by end. */
  readonly windows: readonly AlignedWindowSnapshot[];
  /** Session assigner: open sessions, per key in start order. */
  readonly sessions: readonly SessionSnapshot[];
  /** Sequence number of the next session created. */
  readonly nextSequence: number;
}
