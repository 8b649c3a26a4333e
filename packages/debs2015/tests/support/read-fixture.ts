import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decode, isWatermark, type TripEvent } from '@tripstream/trip-schema';

/** The trips of a fixture under the repository's fixtures/trips. */
export function readFixture(name: string): TripEvent[] {
  const url = new URL(`../../../../fixtures/trips/${name}`, import.meta.url);
  return gunzipSync(readFileSync(url))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, i) => decode(line, i + 1))
    .filter((event): event is TripEvent => !isWatermark(event));
}
