import { MAX_DATE_MS } from '../_internals/civil-date.js';
import { InvalidInstantError } from './invalid-instant-error.js';

/**
 * Writes epoch milliseconds as the ISO-8601 UTC instant the wire format uses
 * (`2016-01-01T00:20:35.000Z`), and ±Infinity as `"+infinity"` / `"-infinity"` (the end-of-stream
 * watermark and the "no watermark yet" value of checkpoints and summaries). The inverse of
 * {@link parseInstant}: `parseInstant(formatInstant(ms)) === ms` for every value it accepts.
 *
 * Years outside 0000-9999 come out in ISO-8601's expanded form (`+010000-01-01T00:00:00.000Z`),
 * which `parseInstant` reads but wire records may not carry.
 *
 * @throws InvalidInstantError for NaN, a fraction of a millisecond, or a finite value outside the
 * range of a JavaScript `Date` (±8.64e15 ms).
 */
export function formatInstant(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return '+infinity';
  if (ms === Number.NEGATIVE_INFINITY) return '-infinity';
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw new InvalidInstantError(ms, 'expected whole epoch milliseconds or ±Infinity');
  }
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) {
    throw new InvalidInstantError(ms, 'outside the range of a JavaScript Date (±8.64e15 ms)');
  }
  return new Date(ms).toISOString();
}
