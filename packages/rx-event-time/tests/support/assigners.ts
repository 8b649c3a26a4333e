import fc from 'fast-check';
import {
  eventTimeSessionWindows,
  slidingEventTimeWindows,
  tumblingEventTimeWindows,
  type WindowAssigner,
} from '../../src/index.js';
import type { Trip } from './trips.js';
import { batchSessions, batchSliding, batchTumbling, type ResultTable } from './model.js';

const SIZES = [10_000, 60_000, 300_000, 900_000, 3_600_000];

export const tumblingArbitrary: fc.Arbitrary<WindowAssigner> = fc
  .constantFrom(...SIZES)
  .chain((size) =>
    fc
      .integer({ min: -(size - 1), max: size - 1 })
      .map((offset) => tumblingEventTimeWindows({ size, offset: offset % 3 === 0 ? 0 : offset })),
  );

export const slidingArbitrary: fc.Arbitrary<WindowAssigner> = fc
  .record({ size: fc.constantFrom(...SIZES), parts: fc.integer({ min: 1, max: 4 }) })
  .chain(({ size, parts }) => {
    const slide = Math.ceil(size / parts);
    return fc
      .integer({ min: 0, max: slide - 1 })
      .map((offset) => slidingEventTimeWindows({ size, slide, offset }));
  });

export const sessionArbitrary: fc.Arbitrary<WindowAssigner> = fc
  .record({
    gap: fc.constantFrom(1_000, 30_000, 120_000, 600_000, 1_800_000),
    mergeTouching: fc.boolean(),
  })
  .map((options) => eventTimeSessionWindows(options));

export const assignerArbitrary = fc.oneof(tumblingArbitrary, slidingArbitrary, sessionArbitrary);

/**
 * The batch reference for any assigner. Sessions that merge touching windows depend on where the
 * watermarks fell (with no allowed lateness): pass the operator's watermark at each trip's
 * arrival; without it, no session is taken to have been purged early.
 */
export function batchReference(
  assigner: WindowAssigner,
  trips: readonly Trip[],
  watermarkAt?: ReadonlyMap<number, number>,
): ResultTable {
  switch (assigner.kind) {
    case 'tumbling':
      return batchTumbling(trips, assigner.size, assigner.offset);
    case 'sliding':
      return batchSliding(trips, assigner.size, assigner.slide, assigner.offset);
    case 'session':
      return batchSessions(trips, assigner.gap, assigner.mergeTouching, watermarkAt);
  }
}
