import { createReadStream } from 'node:fs';
import {
  resolveConvertTlcOptions,
  type ResolvedConvertTlcOptions,
} from '../_internals/resolve-convert-tlc-options.js';
import { readLines, type LineInput } from '@tripstream/support';
import { airportOf } from '../geo/airport-of.js';
import { INVALID_REASONS, validateTrip } from '../geo/validate-trip.js';
import { formatInstant } from '../time/format-instant.js';
import type { TripEvent } from '../wire/types.js';
import { splitCsvLine } from './split-csv-line.js';
import {
  UNCONVERTIBLE_REASONS,
  type TlcConversionReport,
  type TlcInputReport,
  type UnconvertibleReason,
  type UnconvertibleRow,
} from './tlc-conversion-report.js';
import { detectTlcLayout, type TlcColumns, type TlcField, type TlcLayout } from './tlc-layout.js';
import { createWallClockConverter, type WallClockConverter } from './wall-clock-to-utc.js';

/** A raw TLC file: its path, or its bytes as a stream or async iterable. */
export type TlcInput = string | LineInput;

/** Options of {@link convertTlc}. */
export interface ConvertTlcOptions {
  /** IANA zone of the raw wall-clock times. Default `'America/New_York'` (the TLC's clock). */
  sourceTimeZone?: string;
  /** Skip layout detection. Default: detected per input from its first line. */
  layout?: TlcLayout;
  /** Whether inputs are gzip; see `DecodeLinesOptions.gzip`. Default `'auto'` (magic bytes). */
  gzip?: 'auto' | boolean;
  /** How many unconvertible rows the report lists (all are counted). Default 20. */
  maxReportedRows?: number;
  /** Keep only trips dropping off at or after this instant (`parseInstant` text or epoch ms). Default: no bound. */
  dropoffFrom?: string | number;
  /** Keep only trips dropping off before this instant (`parseInstant` text or epoch ms). Default: no bound. */
  dropoffTo?: string | number;
  /** Keep only the first `limit` trips in dropoff order (after the dropoff range). Default: all. */
  limit?: number;
  /** `trip_id` of the first trip in dropoff order; the others follow one by one. Default 1. */
  firstTripId?: number;
}

/** What {@link convertTlc} returns. */
export interface ConvertTlcResult {
  /** Sorted by dropoff, then pickup, then input order; `trip_id`s ascend in that order. */
  trips: TripEvent[];
  report: TlcConversionReport;
}

/**
 * Converts raw TLC trip files into wire trips (see `TlcLayout` for the layouts). Wall-clock times
 * are read in `sourceTimeZone` and written as true UTC instants. Rows that cannot be converted are
 * counted and reported, never silently dropped; rows with zero coordinates or a dropoff before the
 * pickup are converted as they are and flagged in the report.
 *
 * Holds every trip in memory to sort them: fine for fixtures and day files, not for a whole year.
 *
 * @throws RangeError for a bad option (naming it), `TlcLayoutError` for an unrecognised file.
 */
export async function convertTlc(
  inputs: TlcInput | readonly TlcInput[],
  options: ConvertTlcOptions = {},
): Promise<ConvertTlcResult> {
  const resolved = resolveConvertTlcOptions(options);
  const clock = createWallClockConverter(resolved.sourceTimeZone);
  const list = Array.isArray(inputs) ? (inputs as readonly TlcInput[]) : [inputs as TlcInput];
  const state: ConversionState = {
    rows: [],
    unconvertible: {
      total: 0,
      byReason: Object.fromEntries(UNCONVERTIBLE_REASONS.map((r) => [r, 0])) as Record<
        UnconvertibleReason,
        number
      >,
      first: [],
    },
    flagged: {
      zeroCoordinates: 0,
      dropoffBeforePickup: 0,
      dstGap: 0,
      dstOverlap: 0,
      optionalValuesDropped: 0,
    },
    maxReportedRows: resolved.maxReportedRows,
  };
  const inputReports: TlcInputReport[] = [];
  for (let i = 0; i < list.length; i++) {
    const input = list[i];
    const name = typeof input === 'string' ? input : `<input ${i}>`;
    const source = typeof input === 'string' ? createReadStream(input) : input;
    inputReports.push(await convertOne(source, name, i, clock, resolved, state));
  }

  const rows = state.rows.sort(
    (a, b) => a.dropoffMs - b.dropoffMs || a.pickupMs - b.pickupMs || a.order - b.order,
  );
  const inRange = rows.filter(
    (row) => row.dropoffMs >= resolved.dropoffFrom && row.dropoffMs < resolved.dropoffTo,
  );
  const kept = inRange.length > resolved.limit ? inRange.slice(0, resolved.limit) : inRange;
  const trips = kept.map((row, i) => {
    row.trip.trip_id = resolved.firstTripId + i;
    return row.trip;
  });
  for (const row of kept) {
    if (row.zero) state.flagged.zeroCoordinates++;
    if (row.dropoffMs < row.pickupMs) state.flagged.dropoffBeforePickup++;
  }

  const invalid = Object.fromEntries(INVALID_REASONS.map((r) => [r, 0])) as Record<
    (typeof INVALID_REASONS)[number],
    number
  >;
  const airportTrips = { JFK: 0, LGA: 0 };
  let nycKept = 0;
  for (const trip of trips) {
    const reason = validateTrip(trip);
    if (reason !== undefined) {
      invalid[reason]++;
      continue;
    }
    nycKept++;
    const airport = airportOf(trip.dropoff_latitude, trip.dropoff_longitude);
    if (airport !== undefined) airportTrips[airport]++;
  }

  return {
    trips,
    report: {
      sourceTimeZone: clock.timeZone,
      inputs: inputReports,
      trips: trips.length,
      droppedByRange: rows.length - inRange.length,
      droppedByLimit: inRange.length - kept.length,
      unconvertible: state.unconvertible,
      flagged: state.flagged,
      ...(trips.length > 0
        ? {
            dropoffRange: {
              first: trips[0].dropoff_datetime,
              last: trips[trips.length - 1].dropoff_datetime,
            },
          }
        : {}),
      referenceJob: {
        kept: nycKept,
        invalid,
        airportTrips,
      },
    },
  };
}

interface PendingRow {
  trip: TripEvent;
  dropoffMs: number;
  pickupMs: number;
  /** Input index and line, for a stable order among equal times. */
  order: number;
  zero: boolean;
}

interface ConversionState {
  rows: PendingRow[];
  unconvertible: TlcConversionReport['unconvertible'];
  flagged: TlcConversionReport['flagged'];
  maxReportedRows: number;
}

/** Lines per input the ordering key can tell apart. */
const LINES_PER_INPUT = 2 ** 32;

/** Lines as text; bytes that are not UTF-8 become U+FFFD and fail later as bad fields. */
async function* lines(source: LineInput, gzip: 'auto' | boolean): AsyncGenerator<string> {
  for await (const batch of readLines(source, { gzip })) {
    for (const line of batch) yield typeof line === 'string' ? line : line.toString('utf8');
  }
}

async function convertOne(
  source: LineInput,
  name: string,
  inputIndex: number,
  clock: WallClockConverter,
  options: ResolvedConvertTlcOptions,
  state: ConversionState,
): Promise<TlcInputReport> {
  let layout: TlcColumns | undefined;
  const report: TlcInputReport = {
    input: name,
    layout: options.layout ?? 'debs-2015',
    rows: 0,
    converted: 0,
    skippedStartEvents: 0,
    unconvertible: 0,
  };
  let lineNumber = 0;
  for await (const line of lines(source, options.gzip)) {
    lineNumber++;
    if (line.trim() === '') continue;
    if (layout === undefined) {
      layout = detectTlcLayout(line, options.layout);
      report.layout = layout.layout;
      if (layout.hasHeader) continue;
    }
    report.rows++;
    const fail = (reason: UnconvertibleReason, detail: string): void => {
      report.unconvertible++;
      state.unconvertible.total++;
      state.unconvertible.byReason[reason]++;
      if (state.unconvertible.first.length < state.maxReportedRows) {
        const row: UnconvertibleRow = {
          input: name,
          lineNumber,
          reason,
          detail,
          text: line.slice(0, 200),
        };
        state.unconvertible.first.push(row);
      }
    };
    const fields = splitCsvLine(line);
    if (fields.length < layout.minFields) {
      fail('too-few-fields', `expected at least ${layout.minFields} fields, got ${fields.length}`);
      continue;
    }
    if (layout.layout === 'flink-rides') {
      if (fields[1] === 'START') {
        report.skippedStartEvents++;
        continue;
      }
      if (fields[1] !== 'END') {
        fail('bad-event-kind', `expected START or END, got ${JSON.stringify(fields[1])}`);
        continue;
      }
    }
    const row = convertRow(fields, layout.columns, clock, state, fail);
    if (row === undefined) continue;
    row.order = inputIndex * LINES_PER_INPUT + lineNumber;
    state.rows.push(row);
    report.converted++;
  }
  if (layout === undefined) report.layout = options.layout ?? report.layout;
  return report;
}

const COORDINATES = [
  ['pickup_latitude', 90],
  ['pickup_longitude', 180],
  ['dropoff_latitude', 90],
  ['dropoff_longitude', 180],
] as const;

const COUNTS = ['trip_time_in_secs', 'passenger_count'] as const;

const NUMBERS = [
  'trip_distance',
  'fare_amount',
  'surcharge',
  'mta_tax',
  'tip_amount',
  'tolls_amount',
  'total_amount',
] as const;

const STRINGS = ['medallion', 'hack_license', 'vendor_id', 'payment_type'] as const;

function convertRow(
  fields: readonly string[],
  columns: Partial<Record<TlcField, number>>,
  clock: WallClockConverter,
  state: ConversionState,
  fail: (reason: UnconvertibleReason, detail: string) => void,
): PendingRow | undefined {
  const field = (name: TlcField): string | undefined => {
    const index = columns[name];
    return index === undefined ? undefined : fields[index];
  };
  const times: number[] = [];
  for (const name of ['pickup_datetime', 'dropoff_datetime'] as const) {
    const text = field(name) as string;
    const { ms, fit } = clock.toUtc(text);
    if (Number.isNaN(ms)) {
      fail('bad-datetime', `${name} ${JSON.stringify(text)} is not YYYY-MM-DD HH:mm:ss`);
      return undefined;
    }
    if (fit === 'gap') state.flagged.dstGap++;
    if (fit === 'overlap') state.flagged.dstOverlap++;
    times.push(ms);
  }
  const [pickupMs, dropoffMs] = times;
  const trip: TripEvent = {
    type: 'trip',
    trip_id: 0,
    pickup_datetime: formatInstant(pickupMs),
    dropoff_datetime: formatInstant(dropoffMs),
    pickup_latitude: 0,
    pickup_longitude: 0,
    dropoff_latitude: 0,
    dropoff_longitude: 0,
  };
  let zero = false;
  for (const [name, limit] of COORDINATES) {
    const text = field(name) as string;
    const value = parseNumber(text);
    if (Number.isNaN(value)) {
      fail('bad-coordinate', `${name} ${JSON.stringify(text)} is not a number`);
      return undefined;
    }
    if (value < -limit || value > limit) {
      fail('coordinate-out-of-range', `${name} ${text} is outside [-${limit}, ${limit}]`);
      return undefined;
    }
    trip[name] = value + 0;
    if (value === 0) zero = true;
  }
  const optional = (name: TlcField): string | undefined => {
    const text = field(name);
    return text === undefined || text === '' ? undefined : text;
  };
  for (const name of COUNTS) {
    const text = optional(name);
    if (text === undefined) continue;
    const value = parseNumber(text);
    if (Number.isSafeInteger(value) && value >= 0) trip[name] = value;
    else state.flagged.optionalValuesDropped++;
  }
  for (const name of NUMBERS) {
    const text = optional(name);
    if (text === undefined) continue;
    const value = parseNumber(text);
    if (Number.isNaN(value)) state.flagged.optionalValuesDropped++;
    else trip[name] = value + 0;
  }
  for (const name of STRINGS) {
    const text = optional(name);
    if (text !== undefined) trip[name] = text;
  }
  return { trip, dropoffMs, pickupMs, order: 0, zero };
}

/** A finite decimal number, or NaN (also for the empty string, which `Number` reads as 0). */
function parseNumber(text: string): number {
  if (text === '') return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}
