import type { JsonTimestamp } from '../events/json-value.js';
import { SnapshotError } from '../errors/snapshot-error.js';

/** @internal */
export function toJsonTimestamp(timestamp: number): JsonTimestamp {
  if (timestamp === Infinity) return '+infinity';
  if (timestamp === -Infinity) return '-infinity';
  return timestamp;
}

/** @internal */
export function fromJsonTimestamp(value: unknown, path: string): number {
  if (value === '+infinity') return Infinity;
  if (value === '-infinity') return -Infinity;
  if (Number.isInteger(value)) return value as number;
  throw new SnapshotError(path, value, 'expected a whole number of ms, "+infinity" or "-infinity"');
}

/** @internal */
export function finiteNumberAt(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new SnapshotError(path, value, 'expected a finite number');
}
