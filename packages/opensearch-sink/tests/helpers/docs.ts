import type { IndexTemplate } from '../../src/index.js';

/** Taxi-like mappings, defined here: the package itself knows nothing of taxis. */
export const PICKUP_MAPPINGS = {
  properties: {
    location: { type: 'geo_point' },
    geohash: { type: 'keyword' },
    airport_code: { type: 'keyword' },
    pickup_count: { type: 'long' },
    avg_trip_duration: { type: 'double' },
    window_start: { type: 'date' },
    window_end: { type: 'date' },
    timestamp: { type: 'date' },
  },
} as const;

export function pickupTemplate(name: string, pattern: string): IndexTemplate {
  return { name, indexPatterns: [pattern], mappings: PICKUP_MAPPINGS };
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export interface PickupDoc {
  location: string;
  geohash: string;
  pickup_count: number;
  window_start: string;
  window_end: string;
  timestamp: string;
}

/** The i-th reference document: a geohash-7 cell near Manhattan and a 10-minute window. */
export function pickupDoc(i: number): PickupDoc {
  let cell = 'dr5r';
  let x = i;
  for (let k = 0; k < 3; k++) {
    cell += BASE32[x % 32];
    x = Math.floor(x / 32);
  }
  const start = Date.UTC(2016, 0, 1) + Math.floor(i / 997) * 600_000;
  const end = new Date(start + 600_000).toISOString();
  return {
    location: cell,
    geohash: cell,
    pickup_count: (i % 50) + 1,
    window_start: new Date(start).toISOString(),
    window_end: end,
    timestamp: end,
  };
}

export function pickupRequest(index: string, i: number) {
  return { index, id: `pickup:${i}`, document: pickupDoc(i) };
}

/** A document OpenSearch refuses for good against PICKUP_MAPPINGS (mapper_parsing_exception). */
export function badRequest(index: string, i: number) {
  return {
    index,
    id: `bad:${i}`,
    document: { ...pickupDoc(i), pickup_count: `not-a-number-${i}` },
  };
}
