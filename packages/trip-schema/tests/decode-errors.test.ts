import { describe, expect, it } from 'vitest';
import { decode, SchemaError, validateWireEvent } from '../src/index.js';

const TRIP = {
  type: 'trip',
  trip_id: 1,
  pickup_datetime: '2016-01-01T00:00:07.000Z',
  dropoff_datetime: '2016-01-01T00:20:35.000Z',
  pickup_latitude: 40.6721,
  pickup_longitude: -73.953,
  dropoff_latitude: 40.7105,
  dropoff_longitude: -73.9865,
};

function errorOf(line: string | Uint8Array, lineNumber?: number): SchemaError {
  try {
    decode(line, lineNumber);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return error as SchemaError;
  }
  throw new Error(`decoded without error: ${String(line)}`);
}

const line = (patch: Record<string, unknown>, drop: string[] = []): string => {
  const record: Record<string, unknown> = { ...TRIP, ...patch };
  for (const key of drop) delete record[key];
  return JSON.stringify(record);
};

describe('decode rejects bad lines with the field, value and reason', () => {
  it.each([
    ['not JSON', '{"type":', '$', 'not valid JSON'],
    ['an array', '[1,2]', '$', 'expected a JSON object'],
    ['null', 'null', '$', 'expected a JSON object'],
    ['a number', '42', '$', 'expected a JSON object'],
    ['an unknown type', line({ type: 'ride' }), 'type', "expected 'trip', 'watermark'"],
    ['a negative trip_id', line({ trip_id: -1 }), 'trip_id', 'non-negative safe integer'],
    ['a fractional trip_id', line({ trip_id: 1.5 }), 'trip_id', 'non-negative safe integer'],
    ['a string trip_id', line({ trip_id: '1' }), 'trip_id', 'non-negative safe integer'],
    ['an unsafe trip_id', line({ trip_id: 2 ** 53 }), 'trip_id', 'non-negative safe integer'],
    [
      'a local time',
      line({ pickup_datetime: '2016-01-01 00:00:07' }),
      'pickup_datetime',
      'ISO-8601',
    ],
    [
      'an offset time',
      line({ dropoff_datetime: '2016-01-01T00:20:35-05:00' }),
      'dropoff_datetime',
      'ISO-8601',
    ],
    [
      'February 30',
      line({ dropoff_datetime: '2016-02-30T00:00:00.000Z' }),
      'dropoff_datetime',
      'ISO-8601',
    ],
    ['hour 24', line({ pickup_datetime: '2016-01-01T24:00:00Z' }), 'pickup_datetime', 'ISO-8601'],
    ['a latitude of 91', line({ pickup_latitude: 91 }), 'pickup_latitude', '[-90, 90]'],
    ['a longitude of -181', line({ dropoff_longitude: -181 }), 'dropoff_longitude', '[-180, 180]'],
    ['a string coordinate', line({ dropoff_latitude: '40.7' }), 'dropoff_latitude', '[-90, 90]'],
    [
      'a missing coordinate',
      line({}, ['pickup_longitude']),
      'pickup_longitude',
      'required field missing',
    ],
    ['a missing trip_id', line({}, ['trip_id']), 'trip_id', 'required field missing'],
    ['a fractional passenger_count', line({ passenger_count: 1.5 }), 'passenger_count', 'integer'],
    ['a string fare', line({ fare_amount: '19' }), 'fare_amount', 'expected a finite number'],
    ['a null tip', line({ tip_amount: null }), 'tip_amount', 'expected a finite number'],
    [
      'an overflowing fare',
      line({}).replace('}', ',"fare_amount":1e400}'),
      'fare_amount',
      'finite',
    ],
    ['a string medallion', line({ medallion: 7 }), 'medallion', 'expected a string'],
    ['a negative meter time', line({ trip_time_in_secs: -1 }), 'trip_time_in_secs', 'integer'],
    ['a numeric vendor', line({ vendor_id: 1 }), 'vendor_id', 'expected a string'],
    ['an unknown field', line({ pickup_lat: 40 }), 'pickup_lat', 'unknown field'],
    ['a watermark without time', '{"type":"watermark"}', 'watermark', 'required field missing'],
    [
      'a watermark in ms',
      '{"type":"watermark","watermark":1451606400000}',
      'watermark',
      "'+infinity'",
    ],
    [
      'a watermark of infinity',
      '{"type":"watermark","watermark":"infinity"}',
      'watermark',
      'ISO-8601',
    ],
    [
      'a watermark with a trip field',
      '{"type":"watermark","watermark":"+infinity","trip_id":1}',
      'trip_id',
      'unknown field',
    ],
  ])('%s', (_name, text, field, reason) => {
    const error = errorOf(text, 7);
    expect(error.name).toBe('SchemaError');
    expect(error.lineNumber).toBe(7);
    expect(error.field).toBe(field);
    expect(error.reason).toContain(reason);
    expect(error.message).toContain(`line 7: ${field}:`);
  });

  it('keeps the offending value', () => {
    expect(errorOf(line({ pickup_latitude: 404.97812 })).value).toBe(404.97812);
    expect(errorOf('{"type":').value).toBe('{"type":');
  });

  it('gives the JSON parser error as cause and no line number when none is given', () => {
    const error = errorOf('{oops}');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.lineNumber).toBeUndefined();
    expect(error.message).toMatch(/^\$: not valid JSON/);
  });

  it('rejects bytes that are not UTF-8', () => {
    const error = errorOf(new Uint8Array([0x7b, 0xff, 0x7d]), 3);
    expect(error.reason).toBe('not UTF-8');
    expect(error.lineNumber).toBe(3);
  });

  it('accepts seconds and 1-3 fraction digits, boundary coordinates and +infinity', () => {
    expect(() => decode(line({ pickup_datetime: '2016-01-01T00:00:07Z' }))).not.toThrow();
    expect(() => decode(line({ pickup_datetime: '2016-01-01T00:00:07.5Z' }))).not.toThrow();
    expect(() => decode(line({ pickup_datetime: '2016-02-29T23:59:59.99Z' }))).not.toThrow();
    expect(() => decode(line({ pickup_latitude: -90, pickup_longitude: 180 }))).not.toThrow();
    expect(() => decode('{"type":"watermark","watermark":"+infinity"}')).not.toThrow();
  });

  it('validateWireEvent works on already-parsed values', () => {
    expect(validateWireEvent({ type: 'watermark', watermark: '+infinity' })).toEqual({
      type: 'watermark',
      watermark: '+infinity',
    });
    expect(() => validateWireEvent(undefined, 2)).toThrow(SchemaError);
  });
});
