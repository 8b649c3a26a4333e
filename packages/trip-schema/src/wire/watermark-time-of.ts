import { parseInstant } from '../time/parse-instant.js';
import type { WatermarkEvent } from './types.js';

/**
 * A watermark's instant in epoch milliseconds; `+Infinity` for the end-of-stream watermark.
 *
 * @throws InvalidInstantError when the watermark is not an instant (it was not decoded).
 */
export function watermarkTimeOf(watermark: WatermarkEvent): number {
  return parseInstant(watermark.watermark);
}
