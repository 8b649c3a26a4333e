import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, SchemaError, wireEventJsonSchema } from '../src/index.js';
import { wireEventArbitrary } from '../src/arbitraries/index.js';

// format 'full' checks calendar dates (no February 30), like the hand-written validator.
const validate = new Ajv({ format: 'full' }).compile(wireEventJsonSchema);

const FIELDS = [
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
  'watermark',
  'unknown_field',
];

const TRICKY_VALUES: unknown[] = [
  null,
  true,
  [],
  {},
  '',
  'trip',
  'watermark',
  '+infinity',
  '-infinity',
  0,
  -0.5,
  1.5,
  -1,
  90,
  90.0001,
  -180,
  180.5,
  2 ** 53 - 1,
  2 ** 53,
  '2016-02-29T00:00:00Z',
  '2015-02-29T00:00:00Z',
  '2016-04-31T00:00:00.000Z',
  '2016-01-01T23:59:60Z',
  '2016-01-01T24:00:00Z',
  '2016-01-01T00:00:00.1234Z',
  '2016-01-01t00:00:00z',
  '2016-01-01 00:00:00Z',
  '2016-01-01T00:00:00+00:00',
  '2016-13-01T00:00:00Z',
  '2016-00-10T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2016-1-01T00:00:00Z',
];

function accepts(line: string): boolean {
  try {
    decode(line);
    return true;
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return false;
  }
}

/** Valid events, then now and then a field deleted, replaced by an odd value, or added. */
const nearlyValid = fc
  .tuple(
    wireEventArbitrary(),
    fc.array(
      fc.tuple(
        fc.constantFrom(...FIELDS),
        fc.oneof(
          fc.constant<'delete'>('delete'),
          fc.constantFrom(...TRICKY_VALUES),
          fc.jsonValue(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
      ),
      { maxLength: 2 },
    ),
  )
  .map(([event, mutations]) => {
    const record: Record<string, unknown> = { ...event };
    for (const [field, value] of mutations) {
      if (value === 'delete') delete record[field];
      else record[field] = value;
    }
    return JSON.stringify(record);
  });

describe('the published JSON Schema', () => {
  it('accepts exactly what decode accepts', () => {
    fc.assert(
      fc.property(nearlyValid, (line) => {
        const valid = validate(JSON.parse(line));
        expect({ line, valid }).toEqual({ line, valid: accepts(line) });
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with decode on every field set to every tricky value', () => {
    const bases: Record<string, unknown>[] = [
      {
        type: 'trip',
        trip_id: 1,
        pickup_datetime: '2016-01-01T00:00:07.000Z',
        dropoff_datetime: '2016-01-01T00:20:35.000Z',
        pickup_latitude: 40.6721,
        pickup_longitude: -73.953,
        dropoff_latitude: 40.7105,
        dropoff_longitude: -73.9865,
      },
      { type: 'watermark', watermark: '2016-01-01T00:20:00.000Z' },
    ];
    const disagreements: string[] = [];
    for (const base of bases) {
      for (const field of FIELDS) {
        for (const value of [...TRICKY_VALUES, undefined]) {
          const line = JSON.stringify({ ...base, [field]: value });
          if (validate(JSON.parse(line)) !== accepts(line)) disagreements.push(line);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('accepts every arbitrary wire event', () => {
    fc.assert(fc.property(wireEventArbitrary(), (event) => validate(event) === true));
  });

  it('is the file published beside the package', () => {
    const file = JSON.parse(
      readFileSync(new URL('../wire-event.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(file).toEqual(wireEventJsonSchema);
  });
});
