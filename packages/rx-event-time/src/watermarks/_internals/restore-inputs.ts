import { SNAPSHOT_VERSION, WATERMARK_COMBINER_SNAPSHOT_FORMAT } from '../../constants.js';
import { SnapshotError } from '../../errors/snapshot-error.js';
import { finiteNumberAt, fromJsonTimestamp } from '../../_internals/json-timestamp.js';
import type { WatermarkCombinerSnapshot } from '../watermark-combiner-snapshot.js';
import type { InputState } from './input-state.js';

const STATUSES = new Set(['active', 'idle', 'ended']);

/** Validates a combiner snapshot and rebuilds its inputs. @internal */
export function restoreInputs(
  snapshot: WatermarkCombinerSnapshot,
  now: number,
): { inputs: Map<string, InputState>; watermark: number; ended: boolean } {
  if (snapshot === null || typeof snapshot !== 'object') {
    throw new SnapshotError('$', snapshot, 'expected a WatermarkCombinerSnapshot object');
  }
  if (snapshot.format !== WATERMARK_COMBINER_SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      'format',
      snapshot.format,
      `expected "${WATERMARK_COMBINER_SNAPSHOT_FORMAT}"`,
    );
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError('version', snapshot.version, `expected ${SNAPSHOT_VERSION}`);
  }
  if (typeof snapshot.ended !== 'boolean') {
    throw new SnapshotError('ended', snapshot.ended, 'expected a boolean');
  }
  if (!Array.isArray(snapshot.inputs)) {
    throw new SnapshotError('inputs', snapshot.inputs, 'expected an array');
  }
  const inputs = new Map<string, InputState>();
  snapshot.inputs.forEach((input, i) => {
    const path = `inputs[${i}]`;
    if (typeof input?.input !== 'string' || inputs.has(input.input)) {
      throw new SnapshotError(`${path}.input`, input?.input, 'expected a unique input name');
    }
    if (!STATUSES.has(input.status)) {
      throw new SnapshotError(`${path}.status`, input.status, 'expected active, idle or ended');
    }
    inputs.set(input.input, {
      id: input.input,
      watermark: fromJsonTimestamp(input.watermark, `${path}.watermark`),
      maxTimestamp: fromJsonTimestamp(input.maxTimestamp, `${path}.maxTimestamp`),
      status: input.status,
      records: finiteNumberAt(input.records, `${path}.records`),
      lastActivity: now - finiteNumberAt(input.silentFor, `${path}.silentFor`),
    });
  });
  return {
    inputs,
    watermark: fromJsonTimestamp(snapshot.watermark, 'watermark'),
    ended: snapshot.ended,
  };
}
