import { parseIsoInstant } from './parse-iso-instant.js';
import { SchemaError } from './schema-error.js';
import {
  INFINITY_WATERMARK,
  type TripEvent,
  type WatermarkEvent,
  type WireEvent,
} from './types.js';

/**
 * Checks a parsed JSON value against the wire schema (`wireEventJsonSchema`) and returns it typed.
 * A trip without `type` gets `type: 'trip'` (the value is updated in place, not copied: this runs
 * once per record). Throws {@link SchemaError} naming the first bad field.
 *
 * Hand-written rather than compiled from the schema because it is the decode hot path; a property
 * test holds it equal to a JSON-schema validator on arbitrary inputs. Valid trips take a fast path
 * that reads the known fields directly; anything it does not accept goes through `checkWireEvent`,
 * which finds the field to blame.
 */
export function validateWireEvent(value: unknown, lineNumber?: number): WireEvent {
  if (typeof value !== 'object' || value === null) return checkWireEvent(value, lineNumber);
  const r = value as Record<string, unknown>;
  const type = r.type;
  if (type !== undefined && type !== 'trip') return checkWireEvent(value, lineNumber);
  const tripId = r.trip_id;
  const pickupLat = r.pickup_latitude;
  const pickupLon = r.pickup_longitude;
  const dropoffLat = r.dropoff_latitude;
  const dropoffLon = r.dropoff_longitude;
  const pickup = r.pickup_datetime;
  const dropoff = r.dropoff_datetime;
  if (!(
    Number.isSafeInteger(tripId) &&
    (tripId as number) >= 0 &&
    typeof pickupLat === 'number' &&
    pickupLat >= -90 &&
    pickupLat <= 90 &&
    typeof dropoffLat === 'number' &&
    dropoffLat >= -90 &&
    dropoffLat <= 90 &&
    typeof pickupLon === 'number' &&
    pickupLon >= -180 &&
    pickupLon <= 180 &&
    typeof dropoffLon === 'number' &&
    dropoffLon >= -180 &&
    dropoffLon <= 180 &&
    typeof pickup === 'string' &&
    typeof dropoff === 'string' &&
    !Number.isNaN(parseIsoInstant(pickup)) &&
    !Number.isNaN(parseIsoInstant(dropoff))
  )) {
    return checkWireEvent(value, lineNumber);
  }
  // Fields seen: compared below with the object's key count to catch unknown fields. NaN when an
  // optional field is bad (then the slow path names it). Named reads, not a loop over field
  // names: JSON.parse gives rows of one file one shape, so each read stays monomorphic.
  const known =
    (type === undefined ? 7 : 8) +
    optionalCount(r.passenger_count) +
    optionalCount(r.trip_time_in_secs) +
    optionalNumber(r.trip_distance) +
    optionalNumber(r.fare_amount) +
    optionalNumber(r.surcharge) +
    optionalNumber(r.mta_tax) +
    optionalNumber(r.tip_amount) +
    optionalNumber(r.tolls_amount) +
    optionalNumber(r.total_amount) +
    optionalString(r.medallion) +
    optionalString(r.hack_license) +
    optionalString(r.vendor_id) +
    optionalString(r.payment_type);
  let keys = 0;
  for (const _ in r) keys++;
  if (keys !== known) return checkWireEvent(value, lineNumber);
  if (type === undefined) r.type = 'trip';
  return r as unknown as TripEvent;
}

/** 0 when absent, 1 when a non-negative integer, NaN otherwise. */
function optionalCount(v: unknown): number {
  return v === undefined ? 0 : Number.isSafeInteger(v) && (v as number) >= 0 ? 1 : NaN;
}

/**
 * 0 when absent, 1 when a finite number, NaN otherwise. Any sign: the TLC data holds negative fares
 * for refunds. Finite: `1e400` parses to Infinity, which `encode` could not write back.
 */
function optionalNumber(v: unknown): number {
  return v === undefined ? 0 : Number.isFinite(v) ? 1 : NaN;
}

/** 0 when absent, 1 when a string, NaN otherwise. */
function optionalString(v: unknown): number {
  return v === undefined ? 0 : typeof v === 'string' ? 1 : NaN;
}

/** The slow, field-by-field check: returns the event or throws naming the first bad field. */
function checkWireEvent(value: unknown, lineNumber: number | undefined): WireEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SchemaError({ lineNumber, field: '$', value, reason: 'expected a JSON object' });
  }
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (type === 'watermark') return validateWatermark(record, lineNumber);
  if (type === undefined || type === 'trip') return validateTrip(record, lineNumber);
  throw new SchemaError({
    lineNumber,
    field: 'type',
    value: type,
    reason: "expected 'trip', 'watermark' or no type (a trip)",
  });
}

const HAS_TRIP_ID = 1;
const HAS_PICKUP_DATETIME = 2;
const HAS_DROPOFF_DATETIME = 4;
const HAS_PICKUP_LATITUDE = 8;
const HAS_PICKUP_LONGITUDE = 16;
const HAS_DROPOFF_LATITUDE = 32;
const HAS_DROPOFF_LONGITUDE = 64;
const ALL_REQUIRED = 127;
const REQUIRED_TRIP_FIELDS = [
  'trip_id',
  'pickup_datetime',
  'dropoff_datetime',
  'pickup_latitude',
  'pickup_longitude',
  'dropoff_latitude',
  'dropoff_longitude',
] as const;

function validateTrip(record: Record<string, unknown>, lineNumber: number | undefined): TripEvent {
  let seen = 0;
  for (const key in record) {
    const v = record[key];
    switch (key) {
      case 'type':
        break; // checked by the caller
      case 'trip_id':
        if (!(Number.isSafeInteger(v) && (v as number) >= 0)) {
          fail(lineNumber, key, v, 'expected a non-negative safe integer');
        }
        seen |= HAS_TRIP_ID;
        break;
      case 'pickup_datetime':
        checkInstant(lineNumber, key, v);
        seen |= HAS_PICKUP_DATETIME;
        break;
      case 'dropoff_datetime':
        checkInstant(lineNumber, key, v);
        seen |= HAS_DROPOFF_DATETIME;
        break;
      case 'pickup_latitude':
        checkLatitude(lineNumber, key, v);
        seen |= HAS_PICKUP_LATITUDE;
        break;
      case 'pickup_longitude':
        checkLongitude(lineNumber, key, v);
        seen |= HAS_PICKUP_LONGITUDE;
        break;
      case 'dropoff_latitude':
        checkLatitude(lineNumber, key, v);
        seen |= HAS_DROPOFF_LATITUDE;
        break;
      case 'dropoff_longitude':
        checkLongitude(lineNumber, key, v);
        seen |= HAS_DROPOFF_LONGITUDE;
        break;
      case 'passenger_count':
      case 'trip_time_in_secs':
        if (!(Number.isSafeInteger(v) && (v as number) >= 0)) {
          fail(lineNumber, key, v, 'expected a non-negative integer');
        }
        break;
      case 'trip_distance':
      case 'fare_amount':
      case 'surcharge':
      case 'mta_tax':
      case 'tip_amount':
      case 'tolls_amount':
      case 'total_amount':
        if (!Number.isFinite(v)) fail(lineNumber, key, v, 'expected a finite number');
        break;
      case 'medallion':
      case 'hack_license':
      case 'vendor_id':
      case 'payment_type':
        if (typeof v !== 'string') fail(lineNumber, key, v, 'expected a string');
        break;
      default:
        fail(lineNumber, key, v, 'unknown field');
    }
  }
  if (seen !== ALL_REQUIRED) {
    const missing = REQUIRED_TRIP_FIELDS.find((_, bit) => (seen & (1 << bit)) === 0) as string;
    fail(lineNumber, missing, undefined, 'required field missing');
  }
  if (record.type === undefined) record.type = 'trip';
  return record as unknown as TripEvent;
}

function validateWatermark(
  record: Record<string, unknown>,
  lineNumber: number | undefined,
): WatermarkEvent {
  let hasWatermark = false;
  for (const key in record) {
    const v = record[key];
    if (key === 'watermark') {
      if (v !== INFINITY_WATERMARK) checkInstant(lineNumber, key, v, ` or '${INFINITY_WATERMARK}'`);
      hasWatermark = true;
    } else if (key !== 'type') {
      fail(lineNumber, key, v, 'unknown field');
    }
  }
  if (!hasWatermark) fail(lineNumber, 'watermark', undefined, 'required field missing');
  return record as unknown as WatermarkEvent;
}

function checkInstant(lineNumber: number | undefined, field: string, v: unknown, alt = ''): void {
  if (typeof v !== 'string' || Number.isNaN(parseIsoInstant(v))) {
    fail(
      lineNumber,
      field,
      v,
      `expected an ISO-8601 UTC instant like 2016-01-01T00:20:35.000Z${alt}`,
    );
  }
}

function checkLatitude(lineNumber: number | undefined, field: string, v: unknown): void {
  if (!(typeof v === 'number' && v >= -90 && v <= 90)) {
    fail(lineNumber, field, v, 'expected a latitude in [-90, 90]');
  }
}

function checkLongitude(lineNumber: number | undefined, field: string, v: unknown): void {
  if (!(typeof v === 'number' && v >= -180 && v <= 180)) {
    fail(lineNumber, field, v, 'expected a longitude in [-180, 180]');
  }
}

function fail(
  lineNumber: number | undefined,
  field: string,
  value: unknown,
  reason: string,
): never {
  throw new SchemaError({ lineNumber, field, value, reason });
}
