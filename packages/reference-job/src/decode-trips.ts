import { Observable, type OperatorFunction } from 'rxjs';
import type { StreamEvent } from '@tripstream/rx-event-time';
import type { TripEvent } from '@tripstream/trip-schema';
import type { TripDecoder } from './trip-decoder.js';
import type { TripInput } from './trip-input.js';

/**
 * Runs a {@link TripDecoder} in a pipe: each raw batch or lifecycle event comes out as one batch of
 * rx-event-time events for `runWatermarkCombiner`/`combineWatermarks` (nothing when all of it was
 * dead-lettered). Pass the instance you snapshot (e.g. with `snapshotAtBarriers`).
 */
export function decodeTrips(
  decoder: TripDecoder,
): OperatorFunction<TripInput, readonly StreamEvent<TripEvent>[]> {
  return (source) =>
    new Observable((subscriber) =>
      source.subscribe({
        next: (item) => {
          const events = decoder.process(item);
          if (events.length > 0) subscriber.next(events);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
