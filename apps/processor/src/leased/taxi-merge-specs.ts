import type { PartialMergeSpec } from '@tripstream/opensearch-sink';

/**
 * How per-shard parts of the reference job's documents merge: counts and duration sums add up,
 * the average is recomputed from the sums (the batch job's `sum / count`), and a `trip_duration`
 * document exists only once the *total* reaches `minTrips`.
 */
export function taxiMergeSpecs(
  indexPrefix: string,
  minTrips: number,
): Record<string, PartialMergeSpec> {
  return {
    [`${indexPrefix}pickup_count`]: { sum: ['pickup_count'] },
    [`${indexPrefix}trip_duration`]: {
      sum: ['trip_count', 'sum_trip_duration'],
      ratios: [
        { field: 'avg_trip_duration', numerator: 'sum_trip_duration', denominator: 'trip_count' },
      ],
      minimum: { field: 'trip_count', value: minTrips },
    },
  };
}
