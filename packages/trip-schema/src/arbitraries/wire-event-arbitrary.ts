import fc from 'fast-check';
import type { WireEvent } from '../wire/types.js';
import { tripArbitrary, type TripConstraints } from './trip-arbitrary.js';
import { watermarkArbitrary, type WatermarkConstraints } from './watermark-arbitrary.js';

/** Constraints of {@link wireEventArbitrary}: one set per event kind. */
export interface WireEventConstraints {
  /** Passed to `tripArbitrary`. Default `{}`. */
  trip?: TripConstraints;
  /** Passed to `watermarkArbitrary`. Default `{}`. */
  watermark?: WatermarkConstraints;
}

/** Trips and watermarks, about four trips per watermark. */
export function wireEventArbitrary(
  constraints: WireEventConstraints = {},
): fc.Arbitrary<WireEvent> {
  return fc.oneof(
    { arbitrary: tripArbitrary(constraints.trip), weight: 4 },
    { arbitrary: watermarkArbitrary(constraints.watermark), weight: 1 },
  );
}
