import { Observable, type OperatorFunction } from 'rxjs';
import type { LateRecord, WatermarkedEvent } from '@tripstream/rx-event-time';
import type { TripEvent } from '@tripstream/trip-schema';
import type { ReferenceJob, VersionedRecord } from './reference-job.js';

/** Options of {@link runReferenceJob}. */
export interface RunReferenceJobOptions {
  /**
   * Receives each trip beyond the allowed lateness, once, right after the documents of the batch
   * it came in (rx-event-time's late side output). Default: none — they are only counted.
   */
  lateOutput?: (record: LateRecord<TripEvent, string>) => void;
}

/**
 * Runs a {@link ReferenceJob} in a pipe after the watermark combiner: each batch of watermarked
 * trips comes out as the documents it fired (nothing when none fired). Pass the instance you
 * snapshot (e.g. with `snapshotAtBarriers`).
 */
export function runReferenceJob(
  job: ReferenceJob,
  options: RunReferenceJobOptions = {},
): OperatorFunction<
  WatermarkedEvent<TripEvent> | readonly WatermarkedEvent<TripEvent>[],
  readonly VersionedRecord[]
> {
  const late = options.lateOutput;
  if (late !== undefined && typeof late !== 'function') {
    throw new TypeError('runReferenceJob: options.lateOutput must be a function');
  }
  return (source) =>
    new Observable((subscriber) =>
      source.subscribe({
        next: (input) => {
          const events = Array.isArray(input)
            ? (input as readonly WatermarkedEvent<TripEvent>[])
            : [input as WatermarkedEvent<TripEvent>];
          let out: VersionedRecord[];
          try {
            out = job.process(events);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (out.length > 0) subscriber.next(out);
          for (const record of job.drainLate()) late?.(record);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
