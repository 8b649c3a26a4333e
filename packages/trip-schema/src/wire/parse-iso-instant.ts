import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../_internals/civil-date.js';

/**
 * Parses the one instant form the wire allows, `YYYY-MM-DDTHH:mm:ss[.f{1,3}]Z`, into epoch
 * milliseconds; `NaN` for anything else, including calendar dates that do not exist (V8's
 * `Date.parse` accepts `2016-02-30`). Hand-written because it is on the decode hot path. For
 * other ISO-8601 forms and `"+infinity"`, with an error instead of `NaN`, see `parseInstant`.
 *
 * The last two results are remembered: a trip's two instants are parsed by validation and then
 * again for its event time, and comparing a string with the one before costs a fraction of
 * reading its 24 characters again.
 */
export function parseIsoInstant(text: string): number {
  if (text === lastText) return lastMs;
  if (text === previousText) return previousMs;
  const ms = parse(text);
  previousText = lastText;
  previousMs = lastMs;
  lastText = text;
  lastMs = ms;
  return ms;
}

let lastText = '';
let lastMs = NaN;
let previousText = '';
let previousMs = NaN;

/**
 * Whether `text` is laid out as `YYYY-MM-DDTHH:mm:ss[.f{1,3}]Z`: its length and separators in
 * place, digits not checked. Two such strings of one length order as their instants do wherever
 * their digits are digits. @internal
 */
export function hasIsoInstantLayout(text: string): boolean {
  const length = text.length;
  return (
    (length === 20 || length === 22 || length === 23 || length === 24) &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === LETTER_T &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON &&
    text.charCodeAt(length - 1) === LETTER_Z &&
    (length === 20 || text.charCodeAt(19) === DOT)
  );
}

function parse(text: string): number {
  if (!hasIsoInstantLayout(text)) return NaN;
  const length = text.length;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let millis = 0;
  if (length > 20) {
    const fractionDigits = length - 21;
    millis =
      digits(text, 20, fractionDigits) *
      (fractionDigits === 1 ? 100 : fractionDigits === 2 ? 10 : 1);
  }
  if (
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= daysInMonth(year, month)) ||
    !(hour <= 23) ||
    !(minute <= 59) ||
    !(second <= 59) ||
    !(millis >= 0)
  ) {
    return NaN;
  }
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * 3_600_000 +
    minute * 60_000 +
    second * 1000 +
    millis
  );
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;

/** The decimal value of `count` ASCII digits at `start`; NaN if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}
