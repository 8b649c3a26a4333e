import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { requiredFunction } from '../_internals/validate.js';

/**
 * What identifies a record for the {@link Deduplicator}: a string, or a safe integer (e.g. a numeric
 * trip id). Both compare by value and survive a snapshot as JSON.
 */
export type DedupKey = string | number;

/** Whether `value` can be a {@link DedupKey}: a string or a safe integer. @internal */
export function isDedupKey(value: unknown): value is DedupKey {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

/** Options of {@link Deduplicator} (and of `deduplicate`, which builds one per subscription). */
export interface DeduplicatorOptions<T> {
  /**
   * The identity of a record, e.g. `(trip) => trip.tripId`: two records with the same key are the
   * same record delivered twice (at-least-once sources, replays). Required; must return a string
   * or a safe integer ({@link DedupKey}). A numeric id is cheaper to remember than its string
   * form: no string is built per record and a million remembered small integers are nothing for
   * the garbage collector to trace. `1` and `"1"` are different keys.
   */
  readonly key: (value: T) => DedupKey;
  /**
   * How long a key is remembered, ms of event time after the timestamp of its first record: the
   * key is forgotten once the watermark reaches `timestamp + horizonMs`, and a copy arriving after
   * that passes as a new record. Required; a safe integer >= 0. Choose it so that a copy arriving
   * later would be late downstream anyway: for windows, window size + allowed lateness + the
   * watermark's out-of-orderness.
   */
  readonly horizonMs: number;
}

/** @internal {@link DeduplicatorOptions} validated once. */
export interface ResolvedDeduplicatorOptions<T> {
  readonly key: (value: T) => DedupKey;
  readonly horizonMs: number;
}

/** @internal */
export function resolveDeduplicatorOptions<T>(
  options: DeduplicatorOptions<T>,
): ResolvedDeduplicatorOptions<T> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object');
  }
  const horizonMs = options.horizonMs;
  if (typeof horizonMs !== 'number' || !Number.isSafeInteger(horizonMs) || horizonMs < 0) {
    throw new InvalidOptionError('horizonMs', horizonMs, 'a safe integer >= 0 (ms)');
  }
  return { key: requiredFunction('key', options.key), horizonMs };
}
