import type { TripEvent } from '@tripstream/trip-schema';
import { expect } from 'vitest';
import { describeDiffs, diffIndices } from './index-contents.js';
import { expectedDocuments } from './job.js';

/**
 * Asserts that the prefixed indices hold exactly the batch computation over `trips`: every id,
 * every document's content, and no document more (`_count` included). Returns the counts.
 */
export async function expectIndicesEqualBatch(
  opensearch: string,
  prefix: string,
  trips: readonly TripEvent[],
): Promise<{ documents: number; pickup_count: number; trip_duration: number }> {
  const diffs = await diffIndices(opensearch, prefix, expectedDocuments(trips));
  const message = describeDiffs(diffs);
  for (const d of diffs) {
    expect(d.missing, message).toEqual([]);
    expect(d.extra, message).toEqual([]);
    expect(d.different, message).toEqual([]);
    expect(d.counted, message).toBe(d.expected);
    expect(d.read, message).toBe(d.expected);
  }
  const [pickup, duration] = diffs;
  return {
    documents: pickup.counted + duration.counted,
    pickup_count: pickup.counted,
    trip_duration: duration.counted,
  };
}
