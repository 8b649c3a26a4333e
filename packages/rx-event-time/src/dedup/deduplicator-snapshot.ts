import type { DEDUPLICATOR_SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../constants.js';
import type { JsonTimestamp } from '../events/json-value.js';
import type { DedupKey } from './deduplicator-options.js';

/** The counters a {@link Deduplicator} reports; counts are since the operator started. */
export interface DeduplicatorCounters {
  /** Records processed, duplicates included. */
  readonly records: number;
  /** Records dropped because their key was remembered. */
  readonly duplicates: number;
  /** Keys remembered now. */
  readonly keys: number;
  /** Keys forgotten because the watermark passed their horizon. */
  readonly expired: number;
  /** The operator's watermark, ms (-Infinity before the first). */
  readonly watermark: number;
}

/**
 * The whole state of a {@link Deduplicator} as plain JSON (`JSON.stringify` it as is): per
 * remembered key, the timestamp of its first record. Duplicates not yet drained are not part of it.
 */
export interface DeduplicatorSnapshot {
  readonly format: typeof DEDUPLICATOR_SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** For information: the restoring operator's own `horizonMs` applies. */
  readonly horizonMs: number;
  readonly watermark: JsonTimestamp;
  readonly counters: {
    readonly records: number;
    readonly duplicates: number;
    readonly expired: number;
  };
  /** `[key, timestamp of its first record]`, in the order the keys were first seen. */
  readonly keys: readonly (readonly [DedupKey, number])[];
}
