import type { TaxiIndex } from './types.js';

/**
 * Deterministic document id `<index>:<key>:<windowStartMs>`, e.g.
 * `pickup_count:dr5ru7c:1451610000000` or `trip_duration:dr5ru7:JFK:1451610000000`, so a re-run
 * or a late update overwrites its document instead of adding one. The index is the unprefixed name.
 */
export function documentId(index: TaxiIndex, key: string, windowStart: number): string {
  return `${index}:${key}:${windowStart}`;
}
