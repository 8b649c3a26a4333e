import type { OutputRecord, PickupCountDoc, TripDurationDoc } from '@tripstream/reference-job';

export const pickups = (records: readonly OutputRecord[]) =>
  records.filter((r) => r.index === 'pickup_count').map((r) => r.doc as PickupCountDoc);
export const durations = (records: readonly OutputRecord[]) =>
  records.filter((r) => r.index === 'trip_duration').map((r) => r.doc as TripDurationDoc);

/** Sums `value` per `key`. */
export function sumBy<T>(items: readonly T[], key: (t: T) => string, value: (t: T) => number) {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}

/**
 * The batch model's average trip duration per (airport, window end): all minutes over all trips
 * of the airport's documents in that window, and, for contrast, the mean of their averages.
 */
export function durationModel(records: readonly OutputRecord[]) {
  const groups = new Map<string, { minutes: number; trips: number; avgs: number[] }>();
  for (const d of durations(records)) {
    const key = `${d.airport_code}|${Date.parse(d.timestamp)}`;
    const g = groups.get(key) ?? { minutes: 0, trips: 0, avgs: [] };
    g.minutes += d.sum_trip_duration;
    g.trips += d.trip_count;
    g.avgs.push(d.avg_trip_duration);
    groups.set(key, g);
  }
  return new Map(
    [...groups].map(([key, g]) => [
      key,
      {
        ...g,
        ratio: g.minutes / g.trips,
        meanOfAverages: g.avgs.reduce((a, b) => a + b, 0) / g.avgs.length,
      },
    ]),
  );
}
