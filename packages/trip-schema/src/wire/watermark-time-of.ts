import { INFINITY_WATERMARK, type WatermarkEvent } from './types.js';

/** A watermark's instant in epoch milliseconds; `+Infinity` for the end-of-stream watermark. */
export function watermarkTimeOf(watermark: WatermarkEvent): number {
  return watermark.watermark === INFINITY_WATERMARK
    ? Number.POSITIVE_INFINITY
    : Date.parse(watermark.watermark);
}
