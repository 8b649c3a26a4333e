// Event times are whole ms, as in Flink (a `long`): with fractions, `9.5` after watermark `9`
// would be neither late nor on time in the same sense as Flink, and window bounds stop being exact.

/** @internal A record timestamp: a finite whole number of ms. */
export function isRecordTimestamp(timestamp: unknown): timestamp is number {
  return Number.isInteger(timestamp);
}

/** @internal A watermark: a whole number of ms, or -Infinity / Infinity (start / end of stream). */
export function isWatermarkTimestamp(timestamp: unknown): timestamp is number {
  return Number.isInteger(timestamp) || timestamp === Infinity || timestamp === -Infinity;
}
