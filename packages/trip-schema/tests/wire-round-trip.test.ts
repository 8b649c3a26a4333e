import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decode,
  encode,
  END_OF_STREAM_WATERMARK,
  eventTimeOf,
  isWatermark,
  watermarkTimeOf,
  type TripEvent,
} from '../src/index.js';
import { tripArbitrary, watermarkArbitrary, wireEventArbitrary } from '../src/arbitraries/index.js';

const EXAMPLE =
  '{"type":"trip","trip_id":17,"pickup_datetime":"2016-01-01T00:00:07.000Z","dropoff_datetime":"2016-01-01T00:20:35.000Z","pickup_latitude":40.6721,"pickup_longitude":-73.953,"dropoff_latitude":40.7105,"dropoff_longitude":-73.9865,"passenger_count":2,"trip_distance":4.9,"fare_amount":19,"tip_amount":4.06,"tolls_amount":0,"total_amount":24.36,"vendor_id":"1","payment_type":"1"}';

describe('encode/decode round trips', () => {
  it('decode(encode(e)) equals e for every wire event', () => {
    fc.assert(
      fc.property(wireEventArbitrary(), (event) => {
        expect(decode(encode(event))).toEqual(event);
      }),
    );
  });

  it('encode(decode(line)) gives back the canonical line', () => {
    fc.assert(
      fc.property(wireEventArbitrary(), (event) => {
        const line = encode(event);
        expect(encode(decode(line))).toBe(line);
      }),
    );
  });

  it('arbitrary trips list their keys in the wire order (JSON.stringify(e) === encode(e))', () => {
    fc.assert(
      fc.property(tripArbitrary(), (trip) => {
        expect(JSON.stringify(trip)).toBe(encode(trip));
      }),
    );
  });

  it('decodes the same bytes as text', () => {
    fc.assert(
      fc.property(wireEventArbitrary(), (event) => {
        const line = encode(event);
        expect(decode(new TextEncoder().encode(line))).toEqual(decode(line));
      }),
    );
  });

  it('decodes and re-encodes the example of the issue byte for byte', () => {
    const trip = decode(EXAMPLE, 1) as TripEvent;
    expect(trip.trip_id).toBe(17);
    expect(encode(trip)).toBe(EXAMPLE);
    expect(encode(trip).endsWith('\n')).toBe(false);
  });

  it('reads a record without type as a trip and writes it with one', () => {
    fc.assert(
      fc.property(tripArbitrary(), (trip) => {
        const { type: _type, ...typeless } = trip;
        const decoded = decode(JSON.stringify(typeless));
        expect(decoded).toEqual(trip);
        expect(isWatermark(decoded)).toBe(false);
      }),
    );
  });

  it('encodes fields in canonical order whatever the object order, and drops unknown properties', () => {
    const shuffled = {
      dropoff_longitude: -73.9865,
      trip_id: 17,
      extra: 'ignored',
      dropoff_latitude: 40.7105,
      pickup_longitude: -73.953,
      pickup_latitude: 40.6721,
      dropoff_datetime: '2016-01-01T00:20:35.000Z',
      pickup_datetime: '2016-01-01T00:00:07.000Z',
    } as unknown as TripEvent;
    expect(encode(shuffled)).toBe(
      '{"type":"trip","trip_id":17,"pickup_datetime":"2016-01-01T00:00:07.000Z","dropoff_datetime":"2016-01-01T00:20:35.000Z","pickup_latitude":40.6721,"pickup_longitude":-73.953,"dropoff_latitude":40.7105,"dropoff_longitude":-73.9865}',
    );
  });
});

describe('event time', () => {
  it('is the dropoff instant', () => {
    fc.assert(
      fc.property(tripArbitrary(), (trip) => {
        expect(eventTimeOf(trip)).toBe(new Date(trip.dropoff_datetime).getTime());
      }),
    );
  });

  it('watermarkTimeOf reads ISO instants and +infinity', () => {
    fc.assert(
      fc.property(watermarkArbitrary({ withEndOfStream: false }), (w) => {
        expect(watermarkTimeOf(w)).toBe(Date.parse(w.watermark));
      }),
    );
    expect(watermarkTimeOf(END_OF_STREAM_WATERMARK)).toBe(Number.POSITIVE_INFINITY);
  });

  it('END_OF_STREAM_WATERMARK is the +infinity watermark on the wire, and frozen', () => {
    expect(encode(END_OF_STREAM_WATERMARK)).toBe('{"type":"watermark","watermark":"+infinity"}');
    expect(decode(encode(END_OF_STREAM_WATERMARK))).toEqual(END_OF_STREAM_WATERMARK);
    expect(Object.isFrozen(END_OF_STREAM_WATERMARK)).toBe(true);
    expect(isWatermark(END_OF_STREAM_WATERMARK)).toBe(true);
  });
});
