import type { StoredPart } from '../merge-partials.js';

/** @internal Compares two progress strings as unsigned decimals (length first, then digits). */
export function compareProgress(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * @internal Whether `next` replaces the stored contribution `old` of the same part: it must be
 * newer, or as new with other values. A replay (same progress, same values) and a zombie's older
 * contribution change nothing.
 */
export function replaces(old: StoredPart | undefined, next: StoredPart): boolean {
  if (old === undefined) return true;
  const c = compareProgress(next.progress, old.progress);
  if (c !== 0) return c > 0;
  const a = Object.keys(old.values).sort();
  const b = Object.keys(next.values).sort();
  return a.length !== b.length || a.some((k, i) => k !== b[i] || old.values[k] !== next.values[k]);
}
