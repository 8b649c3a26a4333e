import { SNAPSHOT_VERSION, WINDOW_OPERATOR_SNAPSHOT_FORMAT } from '../../constants.js';
import { SnapshotError } from '../../errors/snapshot-error.js';
import type { JsonValue } from '../../events/json-value.js';
import { finiteNumberAt, fromJsonTimestamp } from '../../_internals/json-timestamp.js';
import type { TimeWindow } from '../time-window.js';
import type { ResolvedWindowOperatorOptions, WindowKey } from '../window-operator-options.js';
import type { WindowOperatorSnapshot } from '../window-operator-snapshot.js';
import type { AlignedWindowStore } from './aligned-window-store.js';
import { accumulatorFromJson, type OperatorState } from './operator-state.js';
import type { SessionWindowStore } from './session-window-store.js';

/**
 * Checks a snapshot against the operator's configuration and loads it into fresh state and stores.
 * @internal
 */
export function restoreWindowOperator<T, K extends WindowKey, ACC, R>(
  snapshot: WindowOperatorSnapshot,
  config: ResolvedWindowOperatorOptions<T, K, ACC, R>,
  state: OperatorState,
  aligned: AlignedWindowStore<T, K, ACC, R> | undefined,
  sessions: SessionWindowStore<T, K, ACC, R> | undefined,
): void {
  if (snapshot === null || typeof snapshot !== 'object') {
    throw new SnapshotError('$', snapshot, 'expected a WindowOperatorSnapshot object');
  }
  if (snapshot.format !== WINDOW_OPERATOR_SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      'format',
      snapshot.format,
      `expected "${WINDOW_OPERATOR_SNAPSHOT_FORMAT}"`,
    );
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError('version', snapshot.version, `expected ${SNAPSHOT_VERSION}`);
  }
  // Snapshots from before `mergeTouching` existed were taken with what is now `false`.
  const assigner: unknown =
    snapshot.assigner?.kind === 'session' && !('mergeTouching' in snapshot.assigner)
      ? { ...(snapshot.assigner as object), mergeTouching: false }
      : snapshot.assigner;
  if (JSON.stringify(assigner) !== JSON.stringify(config.assigner)) {
    throw new SnapshotError(
      'assigner',
      snapshot.assigner,
      `differs from this operator's ${JSON.stringify(config.assigner)}`,
    );
  }
  state.watermark = fromJsonTimestamp(snapshot.watermark, 'watermark');
  const counters = snapshot.counters ?? ({} as Record<string, unknown>);
  state.elementsIn = finiteNumberAt(counters.elementsIn, 'counters.elementsIn');
  state.lateUpdates = finiteNumberAt(counters.lateUpdates, 'counters.lateUpdates');
  state.lateDropped = finiteNumberAt(counters.lateDropped, 'counters.lateDropped');
  state.windowsFired = finiteNumberAt(counters.windowsFired, 'counters.windowsFired');
  const { aggregate } = config;
  const windows = arrayAt(snapshot.windows, 'windows');
  const sessionList = arrayAt(snapshot.sessions, 'sessions');
  if (aligned) {
    if (sessionList.length > 0) throw new SnapshotError('sessions', sessionList, 'expected none');
    windows.forEach((w, i) => {
      const path = `windows[${i}]`;
      const window = windowAt(w?.start, w?.end, path);
      const keys = arrayAt(w.keys, `${path}.keys`);
      const accumulators = arrayAt(w.accumulators, `${path}.accumulators`);
      if (keys.length !== accumulators.length) {
        throw new SnapshotError(
          `${path}.accumulators`,
          accumulators.length,
          'expected one per key',
        );
      }
      const seen = new Set<K>();
      const restoredKeys = keys.map((key, j) => {
        const restored = keyAt<K>(key, `${path}.keys[${j}]`);
        if (seen.has(restored)) {
          throw new SnapshotError(`${path}.keys[${j}]`, key, 'duplicate key');
        }
        seen.add(restored);
        return restored;
      });
      aligned.restoreBucket(
        window,
        restoredKeys,
        accumulators.map((json) => accumulatorFromJson<ACC>(aggregate, json)),
      );
    });
  }
  if (sessions) {
    if (windows.length > 0) throw new SnapshotError('windows', windows, 'expected none');
    sessionList.forEach((s, i) => {
      const path = `sessions[${i}]`;
      const supersedes = arrayAt(s?.supersedes, `${path}.supersedes`).map((pair, j) =>
        windowAt(pair?.[0], pair?.[1], `${path}.supersedes[${j}]`),
      );
      sessions.restoreSession(
        keyAt(s.key, `${path}.key`),
        windowAt(s.start, s.end, path),
        accumulatorFromJson(aggregate, s.accumulator as JsonValue),
        finiteNumberAt(s.sequence, `${path}.sequence`),
        supersedes,
      );
    });
    sessions.nextSequence = finiteNumberAt(snapshot.nextSequence, 'nextSequence');
  }
}

function arrayAt<E>(value: readonly E[] | undefined, path: string): readonly E[] {
  if (Array.isArray(value)) return value;
  throw new SnapshotError(path, value, 'expected an array');
}

function windowAt(start: unknown, end: unknown, path: string): TimeWindow {
  const s = wholeMsAt(start, `${path}.start`);
  const e = wholeMsAt(end, `${path}.end`);
  if (e <= s) throw new SnapshotError(`${path}.end`, e, `expected > start (${s})`);
  return { start: s, end: e };
}

function keyAt<K>(key: unknown, path: string): K {
  if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) return key as K;
  throw new SnapshotError(path, key, 'expected a string or finite number key');
}

function wholeMsAt(value: unknown, path: string): number {
  if (Number.isInteger(value)) return value as number;
  throw new SnapshotError(path, value, 'expected a whole number of ms');
}
