import { daysFromCivil, daysInMonth, MAX_DATE_MS, MS_PER_DAY } from '../_internals/civil-date.js';
import { parseIsoInstant } from '../wire/parse-iso-instant.js';
import { InvalidInstantError } from './invalid-instant-error.js';

/**
 * Date, `T`, time with optional seconds and fraction, then `Z` or an offset. Years have 4 digits,
 * or ISO-8601's expanded form with a sign and 6 digits (what `formatInstant` writes beyond 9999).
 */
const ISO_INSTANT =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const EXPECTED =
  'expected an ISO-8601 instant with a zone (2016-01-01T00:20:35.000Z, 2016-01-01T00:20:35+01:00), "+infinity" or "-infinity"';

/**
 * Reads an instant into epoch milliseconds: an ISO-8601 date-time with `Z` or a `±HH:MM` offset
 * (seconds and a fraction of up to 9 digits optional), `"+infinity"` (+Infinity) or `"-infinity"`
 * (-Infinity). The wire form takes a fast path. The inverse of {@link formatInstant}.
 *
 * Stricter than `Date.parse`, on purpose: a time without a zone is refused (its instant depends on
 * the machine's zone), as are calendar dates that do not exist (February 30), hour 24, leap
 * seconds, and fractions finer than a millisecond that are not zeros (they would be lost).
 *
 * @throws InvalidInstantError naming the text and what was expected.
 */
export function parseInstant(text: string): number {
  if (typeof text !== 'string') throw new InvalidInstantError(text, EXPECTED);
  const fast = parseIsoInstant(text);
  if (!Number.isNaN(fast)) return fast;
  if (text === '+infinity') return Number.POSITIVE_INFINITY;
  if (text === '-infinity') return Number.NEGATIVE_INFINITY;
  const m = ISO_INSTANT.exec(text);
  if (m === null) throw new InvalidInstantError(text, EXPECTED);
  const [, y, mo, d, h, mi, s = '0', fraction = '', zulu, sign, offsetH, offsetM] = m;
  if (y === '-000000') throw new InvalidInstantError(text, 'year -000000 is not allowed; use 0000');
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) {
    throw new InvalidInstantError(text, 'no such calendar date');
  }
  if (hour > 23 || minute > 59 || second > 59) {
    throw new InvalidInstantError(text, 'time of day out of range (00:00:00 to 23:59:59)');
  }
  if (/[1-9]/.test(fraction.slice(3))) {
    throw new InvalidInstantError(text, 'finer than a millisecond');
  }
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (zulu === undefined) {
    const oh = Number(offsetH);
    const om = Number(offsetM);
    if (oh > 23 || om > 59) throw new InvalidInstantError(text, 'zone offset out of range');
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * 3_600_000 +
    (minute - offsetMinutes) * 60_000 +
    second * 1000 +
    millis;
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) {
    throw new InvalidInstantError(text, 'outside the range of a JavaScript Date (±8.64e15 ms)');
  }
  return ms;
}
