import { DEFAULT_INTERVAL, DEFAULT_TIME_RANGE } from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** A time range as Dashboards stores it: ISO-8601 instants or date math (`now-7d`). */
export interface TimeRange {
  from: string;
  to: string;
}

/** Options of {@link savedObjects}. */
export interface SavedObjectsOptions {
  /**
   * The processor's `--index-prefix`: prepended to the index names the index patterns match, and
   * used in every object id and title so several prefixes can live on one Dashboards server.
   * Lower case letters, digits, `.`, `_`, `-`, not starting with `.`, `_` or `-`. Default `''`.
   */
  indexPrefix?: string;
  /**
   * The time range the dashboard opens with (it is saved with `timeRestore`). Default
   * {@link DEFAULT_TIME_RANGE}, the day of the repository's fixtures.
   */
  timeRange?: TimeRange;
  /**
   * Bucket width of the time charts, `<n>m`, `<n>h` or `<n>d`; match the processor's `--window`
   * so each bucket holds one window. Default {@link DEFAULT_INTERVAL} (`1h`).
   */
  interval?: string;
}

/** {@link SavedObjectsOptions} with defaults applied and values checked. */
export interface ResolvedSavedObjectsOptions {
  indexPrefix: string;
  timeRange: TimeRange;
  interval: string;
  /** `interval` in milliseconds. */
  intervalMs: number;
}

const PREFIX = /^(?:[a-z0-9][a-z0-9._-]*)?$/;
const INTERVAL = /^([1-9]\d*)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DATE_MATH = /^now(?:[+-]\d+[smhdwMy])*(?:\/[smhdwMy])?$/;

/**
 * Applies defaults and checks every field once.
 *
 * @throws InvalidOptionError naming the field and the bad value.
 */
export function resolveSavedObjectsOptions(
  options: SavedObjectsOptions = {},
): ResolvedSavedObjectsOptions {
  const indexPrefix = options.indexPrefix ?? '';
  if (typeof indexPrefix !== 'string' || !PREFIX.test(indexPrefix)) {
    throw new InvalidOptionError(
      'indexPrefix',
      indexPrefix,
      'must be lower case letters, digits, ".", "_" or "-", not starting with ".", "_" or "-"',
    );
  }
  const interval = options.interval ?? DEFAULT_INTERVAL;
  const match = typeof interval === 'string' ? INTERVAL.exec(interval) : null;
  if (!match) {
    throw new InvalidOptionError('interval', interval, 'must look like 30m, 1h or 1d');
  }
  const intervalMs = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  const timeRange = resolveTimeRange(options.timeRange ?? DEFAULT_TIME_RANGE, 'timeRange');
  return { indexPrefix, timeRange: { ...timeRange }, interval, intervalMs };
}

/**
 * Checks a time range: each end an ISO-8601 instant or date math, and `from` before `to` when
 * both are instants.
 *
 * @throws InvalidOptionError naming `field.from` / `field.to`.
 */
export function resolveTimeRange(range: TimeRange, field: string): TimeRange {
  for (const end of ['from', 'to'] as const) {
    const value: unknown = range?.[end];
    if (typeof value !== 'string' || !(DATE_MATH.test(value) || isIsoInstant(value))) {
      throw new InvalidOptionError(
        `${field}.${end}`,
        value,
        'must be an ISO-8601 instant or date math such as now-7d',
      );
    }
  }
  if (isIsoInstant(range.from) && isIsoInstant(range.to)) {
    if (Date.parse(range.from) >= Date.parse(range.to)) {
      throw new InvalidOptionError(`${field}.to`, range.to, `must be after ${range.from}`);
    }
  }
  return { from: range.from, to: range.to };
}

function isIsoInstant(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}
