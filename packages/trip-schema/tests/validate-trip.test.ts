import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateTrip, type TripEvent } from '../src/index.js';

/** A trip inside the NYC box with the given instants. */
const trip = (pickup: string, dropoff: string): TripEvent => ({
  type: 'trip',
  trip_id: 1,
  pickup_datetime: pickup,
  dropoff_datetime: dropoff,
  pickup_latitude: 40.75,
  pickup_longitude: -73.98,
  dropoff_latitude: 40.76,
  dropoff_longitude: -73.97,
});

/** The definition: parse both (the wire form, else Date.parse); NaN is never before anything. */
const instant = (text: string): number => Date.parse(text);
const definition = (pickup: string, dropoff: string) =>
  instant(dropoff) < instant(pickup) ? 'dropoff-before-pickup' : undefined;

/** Instants in the wire's forms, other ISO forms with offsets, and wire layouts with garbage digits. */
const instantText = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(24, 23, 22, 20))
    .map(([ms, length]) => {
      const iso = new Date(ms).toISOString();
      return length === 24 ? iso : `${iso.slice(0, length - 1)}Z`;
    }),
  fc
    .tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -12, max: 14 }))
    .map(([ms, offset]) => {
      const local = new Date(ms + offset * 3_600_000).toISOString().slice(0, 19);
      const sign = offset < 0 ? '-' : '+';
      return `${local}${sign}${String(Math.abs(offset)).padStart(2, '0')}:00`;
    }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 4_102_444_800_000 }),
      fc.nat(23),
      fc.constantFrom('x', ' ', '/', ':', 'Z'),
    )
    .map(([ms, at, c]) => {
      const iso = new Date(ms).toISOString();
      return `${iso.slice(0, at)}${c}${iso.slice(at + 1)}`;
    }),
);

describe('validateTrip', () => {
  it('flags dropoff-before-pickup exactly when the parsed dropoff is earlier, whatever the forms', () => {
    fc.assert(
      fc.property(instantText, instantText, (pickup, dropoff) => {
        expect(validateTrip(trip(pickup, dropoff))).toBe(definition(pickup, dropoff));
      }),
      { numRuns: 5000 },
    );
  });

  it('orders instants of one layout to the millisecond, and offsets by their instant', () => {
    expect(validateTrip(trip('2016-01-01T00:00:00.001Z', '2016-01-01T00:00:00.000Z'))).toBe(
      'dropoff-before-pickup',
    );
    expect(validateTrip(trip('2016-01-01T00:00:00.000Z', '2016-01-01T00:00:00.000Z'))).toBe(
      undefined,
    );
    // Later as text, earlier as an instant.
    expect(validateTrip(trip('2016-01-01T06:00:00+00:00', '2016-01-01T10:00:00+05:00'))).toBe(
      'dropoff-before-pickup',
    );
    expect(validateTrip(trip('2016-01-01T00:00:01Z', '2016-01-01T00:00:00.5Z'))).toBe(
      'dropoff-before-pickup',
    );
  });

  it('names the first failed check', () => {
    const outside = { ...trip('2016-01-01T00:00:01Z', '2016-01-01T00:00:00Z'), pickup_latitude: 0 };
    expect(validateTrip(outside)).toBe('pickup-outside-nyc');
    expect(validateTrip({ ...trip('a', 'b'), dropoff_longitude: 0 })).toBe('dropoff-outside-nyc');
  });
});
