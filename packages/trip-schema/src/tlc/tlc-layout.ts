import { splitCsvLine } from './split-csv-line.js';

/**
 * The raw layouts `convertTlc` reads:
 * - `yellow-2009`: TLC yellow 2009 (`Trip_Pickup_DateTime`, `Start_Lon`, ...), with header.
 * - `yellow-2010`: TLC yellow 2010-2014 and the 2013 FOIL `trip_data` (`pickup_datetime`, ...).
 * - `yellow-2015`: TLC yellow 2015 to June 2016 (`tpep_pickup_datetime`, ...).
 * - `green`: TLC green 2013 to June 2016 (`lpep_pickup_datetime`, ...).
 * - `debs-2015`: the DEBS 2015 Grand Challenge file, no header (17 columns, medallion first).
 * - `flink-rides`: the Apache Flink training rides, no header; a trip is its END event.
 */
export type TlcLayout =
  'yellow-2009' | 'yellow-2010' | 'yellow-2015' | 'green' | 'debs-2015' | 'flink-rides';

/** Every {@link TlcLayout}. */
export const TLC_LAYOUTS: readonly TlcLayout[] = Object.freeze([
  'yellow-2009',
  'yellow-2010',
  'yellow-2015',
  'green',
  'debs-2015',
  'flink-rides',
]);

/** Wire fields a raw column can feed. */
export type TlcField =
  | 'medallion'
  | 'hack_license'
  | 'pickup_datetime'
  | 'dropoff_datetime'
  | 'trip_time_in_secs'
  | 'pickup_latitude'
  | 'pickup_longitude'
  | 'dropoff_latitude'
  | 'dropoff_longitude'
  | 'passenger_count'
  | 'trip_distance'
  | 'fare_amount'
  | 'surcharge'
  | 'mta_tax'
  | 'tip_amount'
  | 'tolls_amount'
  | 'total_amount'
  | 'vendor_id'
  | 'payment_type';

/** A layout with the column index of each field it carries. */
export interface TlcColumns {
  layout: TlcLayout;
  /** True when the first line is a header (not a record). */
  hasHeader: boolean;
  /** Fields of a record; a record with fewer is unconvertible. */
  minFields: number;
  columns: Partial<Record<TlcField, number>>;
}

/** Header names (lower-cased, trimmed) that feed each field, over all header layouts. */
const HEADER_NAMES: Record<TlcField, readonly string[]> = {
  medallion: ['medallion'],
  hack_license: ['hack_license'],
  pickup_datetime: [
    'trip_pickup_datetime',
    'pickup_datetime',
    'tpep_pickup_datetime',
    'lpep_pickup_datetime',
  ],
  dropoff_datetime: [
    'trip_dropoff_datetime',
    'dropoff_datetime',
    'tpep_dropoff_datetime',
    'lpep_dropoff_datetime',
  ],
  pickup_latitude: ['start_lat', 'pickup_latitude'],
  pickup_longitude: ['start_lon', 'pickup_longitude'],
  dropoff_latitude: ['end_lat', 'dropoff_latitude'],
  dropoff_longitude: ['end_lon', 'dropoff_longitude'],
  trip_time_in_secs: ['trip_time_in_secs'],
  passenger_count: ['passenger_count'],
  trip_distance: ['trip_distance'],
  fare_amount: ['fare_amt', 'fare_amount'],
  // The same charge: 'surcharge' up to 2014, 'extra' from 2015 (rush-hour and overnight).
  surcharge: ['surcharge', 'extra'],
  mta_tax: ['mta_tax'],
  tip_amount: ['tip_amt', 'tip_amount'],
  tolls_amount: ['tolls_amt', 'tolls_amount'],
  total_amount: ['total_amt', 'total_amount'],
  vendor_id: ['vendor_name', 'vendor_id', 'vendorid'],
  payment_type: ['payment_type'],
};

const DEBS_COLUMNS: TlcColumns = {
  layout: 'debs-2015',
  hasHeader: false,
  minFields: 17,
  columns: {
    medallion: 0,
    hack_license: 1,
    pickup_datetime: 2,
    dropoff_datetime: 3,
    trip_time_in_secs: 4,
    trip_distance: 5,
    pickup_longitude: 6,
    pickup_latitude: 7,
    dropoff_longitude: 8,
    dropoff_latitude: 9,
    payment_type: 10,
    fare_amount: 11,
    surcharge: 12,
    mta_tax: 13,
    tip_amount: 14,
    tolls_amount: 15,
    total_amount: 16,
  },
};

/**
 * END event: `time` (column 2) is the dropoff, `otherTime` (column 3) the pickup. The taxi id
 * identifies a cab as a medallion does, and the driver id a driver as a hack licence does.
 */
const FLINK_COLUMNS: TlcColumns = {
  layout: 'flink-rides',
  hasHeader: false,
  minFields: 11,
  columns: {
    dropoff_datetime: 2,
    pickup_datetime: 3,
    pickup_longitude: 4,
    pickup_latitude: 5,
    dropoff_longitude: 6,
    dropoff_latitude: 7,
    passenger_count: 8,
    medallion: 9,
    hack_license: 10,
  },
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

/** Thrown when a file's first line matches no known layout, or a forced layout does not fit. */
export class TlcLayoutError extends Error {
  override readonly name = 'TlcLayoutError';
  constructor(
    message: string,
    /** The first line of the input, cut to 200 characters. */
    readonly firstLine: string,
  ) {
    super(message);
  }
}

/**
 * Recognises a raw file's layout from its first line: header names for the TLC layouts, the shape
 * of the first record for the two headerless ones. `forced` skips recognition of the layout, but
 * the header is still read for its column positions.
 *
 * @throws TlcLayoutError when no layout fits (e.g. TLC files after June 2016, which carry zone ids
 * instead of coordinates).
 */
export function detectTlcLayout(firstLine: string, forced?: TlcLayout): TlcColumns {
  const fields = splitCsvLine(firstLine.replace(/^\uFEFF/, ''));
  const names = fields.map((f) => f.toLowerCase());
  const preview = firstLine.slice(0, 200);
  const headerLayout = layoutFromHeader(names);
  if (forced === 'debs-2015' || forced === 'flink-rides') {
    return forced === 'debs-2015' ? DEBS_COLUMNS : FLINK_COLUMNS;
  }
  if (forced === undefined) {
    if (fields.length >= 17 && /^[0-9A-F]{32}$/i.test(fields[0]) && DATE_TIME.test(fields[2])) {
      return DEBS_COLUMNS;
    }
    if (fields.length >= 11 && (fields[1] === 'START' || fields[1] === 'END')) return FLINK_COLUMNS;
  }
  const layout = forced ?? headerLayout;
  const hint = names.some((n) => n.includes('locationid'))
    ? ' (this layout has taxi zone ids instead of coordinates and cannot be converted)'
    : '';
  if (layout === undefined) {
    throw new TlcLayoutError(`unrecognised TLC layout${hint}: ${preview}`, preview);
  }
  const columns: Partial<Record<TlcField, number>> = {};
  for (const field of Object.keys(HEADER_NAMES) as TlcField[]) {
    const index = names.findIndex((n) => HEADER_NAMES[field].includes(n));
    if (index !== -1) columns[field] = index;
  }
  for (const required of REQUIRED) {
    if (columns[required] === undefined) {
      throw new TlcLayoutError(
        `${layout} header has no ${required} column${hint}: ${preview}`,
        preview,
      );
    }
  }
  return {
    layout,
    hasHeader: true,
    minFields: Math.max(...Object.values(columns)) + 1,
    columns,
  };
}

const REQUIRED: readonly TlcField[] = [
  'pickup_datetime',
  'dropoff_datetime',
  'pickup_latitude',
  'pickup_longitude',
  'dropoff_latitude',
  'dropoff_longitude',
];

function layoutFromHeader(names: readonly string[]): TlcLayout | undefined {
  if (names.includes('trip_pickup_datetime')) return 'yellow-2009';
  if (names.includes('tpep_pickup_datetime')) return 'yellow-2015';
  if (names.includes('lpep_pickup_datetime')) return 'green';
  if (names.includes('pickup_datetime')) return 'yellow-2010';
  return undefined;
}
