import fc from 'fast-check';
import type { GeoBox } from '../geo/box.js';
import { formatInstant } from '../time/format-instant.js';
import type { TripEvent } from '../wire/types.js';

/** Constraints of {@link tripArbitrary}. */
export interface TripConstraints {
  /** Earliest pickup, epoch ms. Default `Date.UTC(2009, 0, 1)`. */
  minTime?: number;
  /** Latest pickup, epoch ms. Default `Date.UTC(2030, 0, 1)`. */
  maxTime?: number;
  /** Longest trip, ms. Default 3 hours. */
  maxDurationMs?: number;
  /** Also produce trips whose dropoff is before their pickup (by up to `maxDurationMs`). Default false. */
  allowDropoffBeforePickup?: boolean;
  /** Both ends are drawn from this box. Default: the whole globe. */
  box?: GeoBox;
  /** Randomly include the optional taxi/driver/money/passenger/vendor fields. Default true. */
  withOptionalFields?: boolean;
  /** Smallest and largest `trip_id`. Default 0 and `Number.MAX_SAFE_INTEGER`. */
  minTripId?: number;
  maxTripId?: number;
}

const WORLD: GeoBox = { minLat: -90, maxLat: 90, minLon: -180, maxLon: 180 };

/**
 * Valid trips (always with `type: 'trip'`, times at millisecond precision), so that
 * `decode(encode(t))` deep-equals `t`.
 *
 * @throws RangeError naming a constraint that is out of range.
 */
export function tripArbitrary(constraints: TripConstraints = {}): fc.Arbitrary<TripEvent> {
  const minTime = constraints.minTime ?? Date.UTC(2009, 0, 1);
  const maxTime = constraints.maxTime ?? Date.UTC(2030, 0, 1);
  const maxDurationMs = constraints.maxDurationMs ?? 3 * 3_600_000;
  const box = constraints.box ?? WORLD;
  const minTripId = constraints.minTripId ?? 0;
  const maxTripId = constraints.maxTripId ?? Number.MAX_SAFE_INTEGER;
  const earliest = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
  const latest = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  check('minTime', minTime, Number.isSafeInteger(minTime) && minTime >= earliest + maxDurationMs);
  check('maxTime', maxTime, Number.isSafeInteger(maxTime) && maxTime >= minTime);
  check('maxTime', maxTime, maxTime + maxDurationMs <= latest);
  check('maxDurationMs', maxDurationMs, Number.isSafeInteger(maxDurationMs) && maxDurationMs >= 0);
  check('box', box, box.minLat >= -90 && box.maxLat <= 90 && box.minLat <= box.maxLat);
  check('box', box, box.minLon >= -180 && box.maxLon <= 180 && box.minLon <= box.maxLon);
  check('minTripId', minTripId, Number.isSafeInteger(minTripId) && minTripId >= 0);
  check('maxTripId', maxTripId, Number.isSafeInteger(maxTripId) && maxTripId >= minTripId);

  const latitude = coordinate(box.minLat, box.maxLat);
  const longitude = coordinate(box.minLon, box.maxLon);
  const money = fc.integer({ min: -50_000, max: 100_000 }).map((cents) => cents / 100);
  const duration = fc.integer({
    min: constraints.allowDropoffBeforePickup ? -maxDurationMs : 0,
    max: maxDurationMs,
  });
  const hash = fc.stringMatching(/^[0-9A-F]{32}$/);
  const optional = {
    medallion: fc.oneof(hash, fc.integer({ min: 2013000001, max: 2013999999 }).map(String)),
    hack_license: fc.oneof(hash, fc.integer({ min: 2013000001, max: 2013999999 }).map(String)),
    trip_time_in_secs: fc.integer({ min: 0, max: 86_400 }),
    passenger_count: fc.integer({ min: 0, max: 9 }),
    trip_distance: fc.integer({ min: 0, max: 100_000 }).map((hundredths) => hundredths / 100),
    fare_amount: money,
    surcharge: money,
    mta_tax: money,
    tip_amount: money,
    tolls_amount: money,
    total_amount: money,
    vendor_id: fc.constantFrom('1', '2', 'CMT', 'VTS', 'DDS'),
    payment_type: fc.constantFrom('1', '2', '3', '4', 'CSH', 'CRD', 'UNK', 'NOC', 'DIS'),
  };
  return fc
    .record(
      {
        trip_id: fc.integer({ min: minTripId, max: maxTripId }),
        pickup: fc.integer({ min: minTime, max: maxTime }),
        duration,
        pickup_latitude: latitude,
        pickup_longitude: longitude,
        dropoff_latitude: latitude,
        dropoff_longitude: longitude,
        ...(constraints.withOptionalFields === false ? {} : optional),
      },
      {
        requiredKeys: [
          'trip_id',
          'pickup',
          'duration',
          'pickup_latitude',
          'pickup_longitude',
          'dropoff_latitude',
          'dropoff_longitude',
        ],
      },
    )
    .map(({ pickup, duration: ms, ...fields }) => {
      const all: Record<string, unknown> = {
        ...fields,
        type: 'trip',
        pickup_datetime: formatInstant(pickup),
        dropoff_datetime: formatInstant(pickup + ms),
      };
      // Keys in encode's order, so that a trip prints like its decoded wire line.
      const trip: Record<string, unknown> = {};
      for (const key of CANONICAL_ORDER) if (key in all) trip[key] = all[key];
      return trip as unknown as TripEvent;
    });
}

const CANONICAL_ORDER: readonly (keyof TripEvent)[] = [
  'type',
  'trip_id',
  'medallion',
  'hack_license',
  'pickup_datetime',
  'dropoff_datetime',
  'trip_time_in_secs',
  'pickup_latitude',
  'pickup_longitude',
  'dropoff_latitude',
  'dropoff_longitude',
  'passenger_count',
  'trip_distance',
  'fare_amount',
  'surcharge',
  'mta_tax',
  'tip_amount',
  'tolls_amount',
  'total_amount',
  'vendor_id',
  'payment_type',
];

/** Doubles in `[min, max]` without -0 (JSON cannot carry it), edges included now and then. */
function coordinate(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.double({ min, max, noNaN: true }).map((x) => x + 0), weight: 8 },
    { arbitrary: fc.constantFrom(min, max).map((x) => x + 0), weight: 1 },
  );
}

function check(field: string, value: unknown, ok: boolean): void {
  if (!ok) {
    throw new RangeError(
      `tripArbitrary: constraint ${field} is out of range, got ${JSON.stringify(value)}`,
    );
  }
}
