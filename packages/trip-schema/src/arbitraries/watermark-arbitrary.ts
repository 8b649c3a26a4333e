import fc from 'fast-check';
import { formatInstant } from '../time/format-instant.js';
import { END_OF_STREAM_WATERMARK } from '../wire/end-of-stream-watermark.js';
import type { WatermarkEvent } from '../wire/types.js';

/** Constraints of {@link watermarkArbitrary}. */
export interface WatermarkConstraints {
  /** Earliest watermark, epoch ms. Default `Date.UTC(2009, 0, 1)`. */
  minTime?: number;
  /** Latest watermark, epoch ms. Default `Date.UTC(2030, 0, 1)`. */
  maxTime?: number;
  /** Sometimes produce the `'+infinity'` end-of-stream watermark. Default true. */
  withEndOfStream?: boolean;
}

/**
 * Valid watermarks at millisecond precision (and `'+infinity'` unless excluded).
 *
 * @throws RangeError naming a constraint that is out of range.
 */
export function watermarkArbitrary(
  constraints: WatermarkConstraints = {},
): fc.Arbitrary<WatermarkEvent> {
  const minTime = constraints.minTime ?? Date.UTC(2009, 0, 1);
  const maxTime = constraints.maxTime ?? Date.UTC(2030, 0, 1);
  const latest = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  const earliest = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
  if (!(Number.isSafeInteger(minTime) && minTime >= earliest)) {
    throw new RangeError(`watermarkArbitrary: constraint minTime is out of range, got ${minTime}`);
  }
  if (!(Number.isSafeInteger(maxTime) && maxTime >= minTime && maxTime <= latest)) {
    throw new RangeError(`watermarkArbitrary: constraint maxTime is out of range, got ${maxTime}`);
  }
  const finite = fc
    .integer({ min: minTime, max: maxTime })
    .map((ms): WatermarkEvent => ({ type: 'watermark', watermark: formatInstant(ms) }));
  if (constraints.withEndOfStream === false) return finite;
  return fc.oneof(
    { arbitrary: finite, weight: 9 },
    { arbitrary: fc.constant({ ...END_OF_STREAM_WATERMARK }), weight: 1 },
  );
}
