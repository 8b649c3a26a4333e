import { parseInstant } from '../time/parse-instant.js';
import type { ConvertTlcOptions } from '../tlc/convert-tlc.js';
import type { TlcLayout } from '../tlc/tlc-layout.js';

const DEFAULT_SOURCE_TIME_ZONE = 'America/New_York';

/** @internal {@link ConvertTlcOptions} with defaults filled in and checked. */
export interface ResolvedConvertTlcOptions {
  sourceTimeZone: string;
  layout: TlcLayout | undefined;
  gzip: 'auto' | boolean;
  maxReportedRows: number;
  dropoffFrom: number;
  dropoffTo: number;
  limit: number;
  firstTripId: number;
}

/** @internal Fills in the defaults; throws a RangeError naming the first bad option. */
export function resolveConvertTlcOptions(options: ConvertTlcOptions): ResolvedConvertTlcOptions {
  const resolved: ResolvedConvertTlcOptions = {
    sourceTimeZone: options.sourceTimeZone ?? DEFAULT_SOURCE_TIME_ZONE,
    layout: options.layout,
    gzip: options.gzip ?? 'auto',
    maxReportedRows: options.maxReportedRows ?? 20,
    dropoffFrom: instant(options.dropoffFrom, Number.NEGATIVE_INFINITY),
    dropoffTo: instant(options.dropoffTo, Number.POSITIVE_INFINITY),
    limit: options.limit ?? Number.POSITIVE_INFINITY,
    firstTripId: options.firstTripId ?? 1,
  };
  const bad = (field: string, value: unknown, expected: string): never => {
    throw new RangeError(
      `convertTlc: options.${field} must be ${expected}, got ${JSON.stringify(value)}`,
    );
  };
  if (typeof resolved.sourceTimeZone !== 'string' || resolved.sourceTimeZone === '') {
    bad('sourceTimeZone', resolved.sourceTimeZone, 'an IANA time zone name');
  }
  if (resolved.gzip !== 'auto' && typeof resolved.gzip !== 'boolean') {
    bad('gzip', resolved.gzip, "'auto', true or false");
  }
  if (Number.isNaN(resolved.dropoffFrom)) {
    bad('dropoffFrom', options.dropoffFrom, 'an ISO-8601 instant or epoch milliseconds');
  }
  if (Number.isNaN(resolved.dropoffTo)) {
    bad('dropoffTo', options.dropoffTo, 'an ISO-8601 instant or epoch milliseconds');
  }
  if (!(Number.isSafeInteger(resolved.maxReportedRows) && resolved.maxReportedRows >= 0)) {
    bad('maxReportedRows', resolved.maxReportedRows, 'a non-negative integer');
  }
  if (!(
    resolved.limit === Number.POSITIVE_INFINITY ||
    (Number.isSafeInteger(resolved.limit) && resolved.limit >= 0)
  )) {
    bad('limit', resolved.limit, 'a non-negative integer');
  }
  if (!(Number.isSafeInteger(resolved.firstTripId) && resolved.firstTripId >= 0)) {
    bad('firstTripId', resolved.firstTripId, 'a non-negative integer');
  }
  return resolved;
}

function instant(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  try {
    return parseInstant(value);
  } catch {
    return NaN; // resolveOptions names the option
  }
}
