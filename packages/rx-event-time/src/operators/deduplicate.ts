import { defer, type OperatorFunction } from 'rxjs';
import { Deduplicator } from '../dedup/deduplicator.js';
import {
  resolveDeduplicatorOptions,
  type DeduplicatorOptions,
} from '../dedup/deduplicator-options.js';
import type { WatermarkedEvent } from '../events/stream-event.js';
import {
  resolveRunDeduplicatorOptions,
  runDeduplicator,
  type RunDeduplicatorOptions,
} from './run-deduplicator.js';

/** Options of {@link deduplicate}: the {@link Deduplicator}'s, and where duplicates go. */
export interface DeduplicateOptions<T> extends DeduplicatorOptions<T>, RunDeduplicatorOptions<T> {}

/**
 * Drops records delivered more than once (Kinesis is at-least-once; replays repeat), by key, over
 * an event-time horizon: a key is remembered until the watermark reaches its first record's
 * timestamp + `horizonMs`. Place it between `combineWatermarks` and the windows. Duplicates go to
 * `duplicateOutput`. Each subscription has its own {@link Deduplicator}.
 *
 * @example
 * events$.pipe(
 *   combineWatermarks({ inputs: shardIds }),
 *   deduplicate({ key: (trip) => trip.tripId, horizonMs: 3_600_000, duplicateOutput: duplicates$ }),
 *   windowAggregate(tumblingEventTimeWindows({ size: 3_600_000 }), (trip) => trip.cell, countAggregate()),
 * );
 */
export function deduplicate<T>(
  options: DeduplicateOptions<T>,
): OperatorFunction<
  WatermarkedEvent<T> | readonly WatermarkedEvent<T>[],
  readonly WatermarkedEvent<T>[]
> {
  const resolved = resolveDeduplicatorOptions(options);
  resolveRunDeduplicatorOptions(options);
  return (source) =>
    defer(() => source.pipe(runDeduplicator(new Deduplicator<T>(resolved), options)));
}
