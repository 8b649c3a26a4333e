import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createDebsQuery } from '@tripstream/debs2015';
import { decode, isWatermark, type TripEvent } from '@tripstream/trip-schema';

export const fixture = (name: string) =>
  new URL(`../../../fixtures/trips/${name}.jsonl.gz`, import.meta.url).pathname;

export function loadTrips(name: string): TripEvent[] {
  return gunzipSync(readFileSync(fixture(name)))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => decode(line))
    .filter((e): e is TripEvent => !isWatermark(e));
}

/** The query run directly on the library (proved equal to brute force in packages/debs2015). */
export function expectedLines(query: 1 | 2, trips: readonly TripEvent[]): string[] {
  const q = createDebsQuery(query);
  return trips.map((t) => q.process(t)).filter((l): l is string => l !== undefined);
}

/** Splits the app's output into lines without the delay column (wall-clock by definition). */
export function withoutDelay(output: string): { lines: string[]; delays: number[] } {
  const rows = output.split('\n').filter((l) => l.length > 0);
  return {
    lines: rows.map((r) => r.slice(0, r.lastIndexOf(','))),
    delays: rows.map((r) => Number(r.slice(r.lastIndexOf(',') + 1))),
  };
}
