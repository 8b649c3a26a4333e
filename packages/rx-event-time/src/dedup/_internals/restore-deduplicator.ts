import { DEDUPLICATOR_SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../../constants.js';
import { SnapshotError } from '../../errors/snapshot-error.js';
import { fromJsonTimestamp } from '../../_internals/json-timestamp.js';
import { isDedupKey, type DedupKey } from '../deduplicator-options.js';
import type { DeduplicatorSnapshot } from '../deduplicator-snapshot.js';

/** A validated {@link DeduplicatorSnapshot}. @internal */
export interface RestoredDeduplicator {
  readonly watermark: number;
  readonly records: number;
  readonly duplicates: number;
  readonly expired: number;
  readonly keys: readonly (readonly [DedupKey, number])[];
}

/** Checks a snapshot completely before anything is changed. @internal */
export function restoreDeduplicator(snapshot: DeduplicatorSnapshot): RestoredDeduplicator {
  if (snapshot === null || typeof snapshot !== 'object') {
    throw new SnapshotError('$', snapshot, 'expected a DeduplicatorSnapshot object');
  }
  if (snapshot.format !== DEDUPLICATOR_SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      'format',
      snapshot.format,
      `expected "${DEDUPLICATOR_SNAPSHOT_FORMAT}"`,
    );
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError('version', snapshot.version, `expected ${SNAPSHOT_VERSION}`);
  }
  const watermark = fromJsonTimestamp(snapshot.watermark, 'watermark');
  const counters = (snapshot.counters ?? {}) as Record<string, unknown>;
  const count = (name: string): number => {
    const value = counters[name];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    throw new SnapshotError(`counters.${name}`, value, 'expected a safe integer >= 0');
  };
  const entries: unknown = snapshot.keys;
  if (!Array.isArray(entries)) throw new SnapshotError('keys', entries, 'expected an array');
  const seen = new Set<DedupKey>();
  const keys = entries.map((entry: unknown, i): readonly [DedupKey, number] => {
    const path = `keys[${i}]`;
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new SnapshotError(path, entry, 'expected [key, timestamp]');
    }
    const [key, timestamp] = entry as unknown[];
    if (!isDedupKey(key) || seen.has(key)) {
      throw new SnapshotError(
        `${path}[0]`,
        key,
        'expected a unique key (a string or a safe integer)',
      );
    }
    if (!Number.isInteger(timestamp)) {
      throw new SnapshotError(`${path}[1]`, timestamp, 'expected a whole number of ms');
    }
    seen.add(key);
    return [key, timestamp as number];
  });
  return {
    watermark,
    records: count('records'),
    duplicates: count('duplicates'),
    expired: count('expired'),
    keys,
  };
}
