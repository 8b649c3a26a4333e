import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** A real trip reduced to what the window tests need. */
export interface Trip {
  /** Unique within a test stream; lets conservation be checked per element. */
  readonly id: number;
  /** Dropoff time, ms: the event time of a trip. */
  readonly timestamp: number;
  /** Pickup cell: lat/lon rounded (0.1 or 0.01 degree), a stand-in for a geohash cell. */
  readonly key: string;
  /** Trip duration in whole minutes. */
  readonly value: number;
}

/** A fixture line: a trip before it is keyed. */
export interface RawTrip {
  readonly timestamp: number;
  readonly lat: number;
  readonly lon: number;
  readonly value: number;
}

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/trips/', import.meta.url));
const cache = new Map<string, RawTrip[]>();

/**
 * The trips of `fixtures/trips/<name>.jsonl.gz` (the issue-4 wire format; watermark lines skipped),
 * in file order.
 */
export function loadTrips(name: 'small' | 'medium' | 'large'): RawTrip[] {
  const cached = cache.get(name);
  if (cached) return cached;
  const path = `${FIXTURES}${name}.jsonl.gz`;
  if (!existsSync(path)) throw new Error(`fixture missing: ${path} (made by trip-schema, issue 4)`);
  const trips: RawTrip[] = [];
  for (const line of gunzipSync(readFileSync(path)).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    if (event.type !== undefined && event.type !== 'trip') continue;
    const dropoff = Date.parse(event.dropoff_datetime as string);
    const pickup = Date.parse(event.pickup_datetime as string);
    trips.push({
      timestamp: dropoff,
      lat: event.pickup_latitude as number,
      lon: event.pickup_longitude as number,
      value: Math.trunc((dropoff - pickup) / 60_000),
    });
  }
  cache.set(name, trips);
  return trips;
}

/** Keys raw trips by their pickup cell at `digits` decimals and numbers them 0..n-1. */
export function keyTrips(raw: readonly RawTrip[], digits: 1 | 2): Trip[] {
  return raw.map((t, id) => ({
    id,
    timestamp: t.timestamp,
    key: `${t.lat.toFixed(digits)},${t.lon.toFixed(digits)}`,
    value: t.value,
  }));
}
