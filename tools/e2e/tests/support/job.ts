import { readWireFile, type TripEvent } from '@tripstream/trip-schema';
import {
  batchReferenceJob,
  type OutputRecord,
  type ReferenceJobOptions,
} from '@tripstream/reference-job';
import { fixturePath } from './paths.js';

/**
 * The job every scenario runs. The medium fixture spans 54 minutes of event time, so the default
 * 1 h window would fire once, at the end of the stream; 10-minute windows fire six times while the
 * faults happen, and one trip per trip_duration window keeps that index non-trivial.
 */
export const JOB: ReferenceJobOptions = { windowMs: 600_000, minTripsForDuration: 1 };
export const JOB_FLAGS = ['--window', '10m', '--min-trips', '1'];

export async function loadTrips(name: 'small' | 'medium' | 'large'): Promise<TripEvent[]> {
  const trips: TripEvent[] = [];
  for await (const e of readWireFile(fixturePath(name))) {
    if (e.type !== 'watermark') trips.push(e as TripEvent);
  }
  return trips;
}

/** The batch model of {@link JOB}: per index, document id -> document. */
export function expectedDocuments(trips: readonly TripEvent[]): Map<string, Map<string, unknown>> {
  const byIndex = new Map<string, Map<string, unknown>>([
    ['pickup_count', new Map()],
    ['trip_duration', new Map()],
  ]);
  for (const r of batchReferenceJob(trips, JOB).records as OutputRecord[]) {
    byIndex.get(r.index)!.set(r.id, r.doc);
  }
  return byIndex;
}
