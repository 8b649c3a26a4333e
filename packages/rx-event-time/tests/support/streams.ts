import fc from 'fast-check';
import type { StreamEvent } from '../../src/index.js';
import { keyTrips, loadTrips, type RawTrip, type Trip } from './trips.js';

/** Runs per property: hundreds by default, more with FC_NUM_RUNS=5000. */
export const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 200);

/** Consecutive (every `stride`-th) real trips from a fixture, as recorded. */
function fixtureSlice(name: 'small' | 'medium', maxLength: number): fc.Arbitrary<RawTrip[]> {
  const all = loadTrips(name);
  return fc
    .record({
      start: fc.nat(all.length - 1),
      stride: fc.integer({ min: 1, max: name === 'medium' ? 60 : 3 }),
      length: fc.integer({ min: 0, max: maxLength }),
    })
    .map(({ start, stride, length }) => {
      const slice: RawTrip[] = [];
      for (let i = start; i < all.length && slice.length < length; i += stride) slice.push(all[i]);
      return slice;
    });
}

/** Synthetic trips: a few cells, timestamps around an origin (before 1970 too), ties likely. */
function syntheticTrips(maxLength: number): fc.Arbitrary<RawTrip[]> {
  return fc
    .record({
      origin: fc.constantFrom(0, -7_200_000, 1_457_612_000_000),
      span: fc.constantFrom(60_000, 3_600_000, 4 * 3_600_000),
    })
    .chain(({ origin, span }) =>
      fc.array(
        fc.record({
          timestamp: fc.integer({ min: origin, max: origin + span }),
          lat: fc.constantFrom(40.71, 40.75, 40.78),
          lon: fc.constantFrom(-73.99, -73.95),
          value: fc.nat(90),
        }),
        { maxLength },
      ),
    );
}

/** Trips to window: real ones from the fixtures most of the time, synthetic ones otherwise. */
export function tripsArbitrary(maxLength = 150): fc.Arbitrary<Trip[]> {
  return fc
    .tuple(
      fc.oneof(
        { weight: 2, arbitrary: fixtureSlice('small', maxLength) },
        { weight: 2, arbitrary: fixtureSlice('medium', maxLength) },
        { weight: 1, arbitrary: syntheticTrips(maxLength) },
      ),
      fc.constantFrom<1 | 2>(1, 2),
    )
    .map(([raw, digits]) => keyTrips(raw, digits));
}

/** How to turn trips into an arrival order with watermarks. */
export interface StreamShape {
  /** Per trip, how long after its event time it arrives, ms: the disorder. */
  readonly delays: readonly number[];
  /**
   * Watermarks: before the arrival at position `at`, the largest watermark consistent with the
   * rest of the stream, minus `slack` (a negative slack overshoots, making later trips late).
   */
  readonly marks: readonly { readonly at: number; readonly slack: number }[];
}

/** A shape for `n` trips; `overshoot` > 0 allows watermarks that make some trips late. */
export function shapeArbitrary(n: number, overshoot = 0): fc.Arbitrary<StreamShape> {
  return fc.integer({ min: 0, max: 2 * 3_600_000 }).chain((maxDelay) =>
    fc.record({
      delays: fc.array(fc.integer({ min: 0, max: maxDelay }), { minLength: n, maxLength: n }),
      marks: fc.array(
        fc.record({
          at: fc.nat(n),
          slack: fc.oneof(
            fc.constant(0),
            fc.integer({ min: -overshoot, max: 600_000 }),
            fc.integer({ min: -overshoot, max: 0 }),
          ),
        }),
        { maxLength: Math.max(4, Math.floor(n / 2)) },
      ),
    }),
  );
}

/** Trips in arrival order with watermarks inserted; an `Infinity` watermark at the end if `end`. */
export function buildStream(
  trips: readonly Trip[],
  shape: StreamShape,
  end = true,
  input?: string,
): StreamEvent<Trip>[] {
  const order = trips
    .map((trip, i) => ({ trip, arrival: trip.timestamp + shape.delays[i], i }))
    .sort((a, b) => a.arrival - b.arrival || a.i - b.i)
    .map((x) => x.trip);
  const suffixMin: number[] = new Array(order.length + 1).fill(Infinity);
  for (let k = order.length - 1; k >= 0; k--) {
    suffixMin[k] = Math.min(suffixMin[k + 1], order[k].timestamp);
  }
  const marksAt = new Map<number, number[]>();
  for (const { at, slack } of shape.marks) {
    const k = Math.min(at, order.length);
    marksAt.set(k, [...(marksAt.get(k) ?? []), slack]);
  }
  const events: StreamEvent<Trip>[] = [];
  for (let k = 0; k <= order.length; k++) {
    for (const slack of marksAt.get(k) ?? []) {
      events.push({ kind: 'watermark', timestamp: suffixMin[k] - 1 - slack, input });
    }
    if (k < order.length) {
      const trip = order[k];
      events.push({ kind: 'record', timestamp: trip.timestamp, value: trip, input });
    }
  }
  if (end) events.push({ kind: 'watermark', timestamp: Infinity, input });
  return events;
}

/** A watermarked stream of trips: consistent (no late trip) unless `overshoot` > 0. */
export function streamArbitrary(
  overshoot = 0,
  maxLength = 150,
): fc.Arbitrary<{ trips: Trip[]; events: StreamEvent<Trip>[] }> {
  return tripsArbitrary(maxLength).chain((trips) =>
    shapeArbitrary(trips.length, overshoot).map((shape) => ({
      trips,
      events: buildStream(trips, shape),
    })),
  );
}

/** Cut points splitting `length` items into chunks, as sorted distinct indexes in (0, length). */
export function cutsArbitrary(length: number, maxCuts = 20): fc.Arbitrary<number[]> {
  if (length < 2) return fc.constant([]);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: maxCuts })
    .map((cuts) => cuts.sort((a, b) => a - b));
}

/** Splits `items` at `cuts`. */
export function chunk<E>(items: readonly E[], cuts: readonly number[]): E[][] {
  const chunks: E[][] = [];
  let from = 0;
  for (const cut of [...cuts, items.length]) {
    chunks.push(items.slice(from, cut));
    from = cut;
  }
  return chunks;
}
