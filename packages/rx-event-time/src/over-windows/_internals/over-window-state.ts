import { SNAPSHOT_VERSION } from '../../constants.js';
import { SnapshotError } from '../../errors/snapshot-error.js';
import type { JsonValue } from '../../events/json-value.js';
import {
  finiteNumberAt,
  fromJsonTimestamp,
  toJsonTimestamp,
} from '../../_internals/json-timestamp.js';
import { isRecordTimestamp } from '../../_internals/timestamps.js';
import { OVER_WINDOW_SNAPSHOT_FORMAT } from '../../snapshot-formats.js';
import type { WindowKey } from '../../windows/window-operator-options.js';
import type { OverWindowKeyState, OverWindowOperator } from '../over-window-operator.js';
import type { OverWindowSnapshot } from '../over-window-snapshot.js';

/** @internal */
export function snapshotOverWindow<T, K extends WindowKey, ACC, R>(
  operator: OverWindowOperator<T, K, ACC, R>,
): OverWindowSnapshot {
  const { aggregate, range } = operator.config;
  const records = [];
  for (let i = operator.head; i < operator.queueKeys.length; i++) {
    records.push({
      key: operator.queueKeys[i],
      timestamp: operator.queueTimestamps[i],
      value: structuredClone(operator.queueValues[i]) as JsonValue,
    });
  }
  const keys = [];
  for (const [key, { accumulator, count }] of operator.keys) {
    keys.push({
      key,
      count,
      accumulator: aggregate.snapshotAccumulator
        ? aggregate.snapshotAccumulator(accumulator)
        : (structuredClone(accumulator) as JsonValue),
    });
  }
  return {
    format: OVER_WINDOW_SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    range,
    time: toJsonTimestamp(operator.time),
    counters: {
      elementsIn: operator.elementsIn,
      retracted: operator.retracted,
      lateDropped: operator.lateDropped,
    },
    records,
    keys,
  };
}

/** @internal Validates everything first, so a bad snapshot changes nothing. */
export function restoreOverWindow<T, K extends WindowKey, ACC, R>(
  operator: OverWindowOperator<T, K, ACC, R>,
  snapshot: OverWindowSnapshot,
): void {
  if (snapshot === null || typeof snapshot !== 'object') {
    throw new SnapshotError('$', snapshot, 'expected an OverWindowSnapshot object');
  }
  if (snapshot.format !== OVER_WINDOW_SNAPSHOT_FORMAT) {
    throw new SnapshotError('format', snapshot.format, `expected "${OVER_WINDOW_SNAPSHOT_FORMAT}"`);
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError('version', snapshot.version, `expected ${SNAPSHOT_VERSION}`);
  }
  const { aggregate, range } = operator.config;
  if (snapshot.range !== range) {
    throw new SnapshotError('range', snapshot.range, `differs from this operator's ${range}`);
  }
  const time = fromJsonTimestamp(snapshot.time, 'time');
  const counters = snapshot.counters ?? ({} as Record<string, unknown>);
  const elementsIn = finiteNumberAt(counters.elementsIn, 'counters.elementsIn');
  const retracted = finiteNumberAt(counters.retracted, 'counters.retracted');
  const lateDropped = finiteNumberAt(counters.lateDropped, 'counters.lateDropped');
  const keys = new Map<K, OverWindowKeyState<ACC>>();
  arrayAt(snapshot.keys, 'keys').forEach((k, i) => {
    const key = keyAt<K>(k?.key, `keys[${i}].key`);
    if (keys.has(key)) throw new SnapshotError(`keys[${i}].key`, key, 'duplicate key');
    const count = finiteNumberAt(k.count, `keys[${i}].count`);
    if (!(Number.isSafeInteger(count) && count > 0)) {
      throw new SnapshotError(`keys[${i}].count`, count, 'expected a whole number > 0');
    }
    const accumulator = aggregate.restoreAccumulator
      ? aggregate.restoreAccumulator(k.accumulator)
      : (structuredClone(k.accumulator) as ACC);
    keys.set(key, { accumulator, count });
  });
  const perKey = new Map<K, number>();
  const queueKeys: K[] = [];
  const queueTimestamps: number[] = [];
  const queueValues: T[] = [];
  const queueStates: OverWindowKeyState<ACC>[] = [];
  let previous = -Infinity;
  arrayAt(snapshot.records, 'records').forEach((r, i) => {
    const key = keyAt<K>(r?.key, `records[${i}].key`);
    const timestamp = finiteNumberAt(r.timestamp, `records[${i}].timestamp`);
    if (!isRecordTimestamp(timestamp)) {
      throw new SnapshotError(`records[${i}].timestamp`, timestamp, 'expected whole ms');
    }
    if (timestamp < previous) {
      throw new SnapshotError(`records[${i}].timestamp`, timestamp, `expected >= ${previous}`);
    }
    if (!(timestamp > time - range && timestamp <= time)) {
      throw new SnapshotError(
        `records[${i}].timestamp`,
        timestamp,
        'expected in (time - range, time]',
      );
    }
    if (!keys.has(key)) throw new SnapshotError(`records[${i}].key`, key, 'not among keys');
    previous = timestamp;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    queueKeys.push(key);
    queueTimestamps.push(timestamp);
    queueValues.push(structuredClone(r.value) as T);
    queueStates.push(keys.get(key)!);
  });
  for (const [key, state] of keys) {
    if (perKey.get(key) !== state.count) {
      throw new SnapshotError('keys', key, `count ${state.count} differs from its records`);
    }
  }
  operator.time = time;
  operator.elementsIn = elementsIn;
  operator.retracted = retracted;
  operator.lateDropped = lateDropped;
  operator.keys = keys;
  operator.queueKeys = queueKeys;
  operator.queueTimestamps = queueTimestamps;
  operator.queueValues = queueValues;
  operator.queueStates = queueStates;
  operator.head = 0;
}

function arrayAt<E>(value: readonly E[] | undefined, path: string): readonly E[] {
  if (Array.isArray(value)) return value;
  throw new SnapshotError(path, value, 'expected an array');
}

function keyAt<K>(key: unknown, path: string): K {
  if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) return key as K;
  throw new SnapshotError(path, key, 'expected a string or finite number key');
}
