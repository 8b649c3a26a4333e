import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  convertTlc,
  createWallClockConverter,
  decode,
  detectTlcLayout,
  encode,
  TlcLayoutError,
  type TlcInput,
} from '../src/index.js';
import { splitCsvLine } from '../src/tlc/split-csv-line.js';
import { GREEN, YELLOW_2009, YELLOW_2010, YELLOW_2017 } from './tlc-samples.js';

const RAW = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/trips/raw/${name}`, import.meta.url));

async function* text(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

const DEBS_HEADERLESS = (
  pickup: string,
  dropoff: string,
  coords = '-73.956528,40.716976,-73.962440,40.715008',
) =>
  `07290D3599E7A0D62097A346EFCC1FB5,E7750A37CAB07D0DFF0AF7E3573AC141,${pickup},${dropoff},120,0.44,${coords},CSH,3.50,0.50,0.50,0.00,0.00,4.50\n`;

describe('layout detection', () => {
  it.each([
    [YELLOW_2009, 'yellow-2009', true],
    [YELLOW_2010, 'yellow-2010', true],
    [GREEN, 'green', true],
    [DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 00:02:00'), 'debs-2015', false],
    [
      '6,START,2013-01-01 00:00:00,1970-01-01 00:00:00,-73.866135,40.771091,-73.961334,40.764912,6,2013000006,2013000006',
      'flink-rides',
      false,
    ],
    [
      '\uFEFFVendorID,tpep_pickup_datetime,tpep_dropoff_datetime,passenger_count,trip_distance,pickup_longitude,pickup_latitude,RatecodeID,store_and_fwd_flag,dropoff_longitude,dropoff_latitude',
      'yellow-2015',
      true,
    ],
  ])('%#: %s', (sample, layout, hasHeader) => {
    const detected = detectTlcLayout(sample.split(/\r?\n/)[0]);
    expect(detected.layout).toBe(layout);
    expect(detected.hasHeader).toBe(hasHeader);
  });

  it('names the problem with files it cannot read', () => {
    expect(() => detectTlcLayout(YELLOW_2017.split('\n')[0])).toThrow(
      /zone ids instead of coordinates/,
    );
    expect(() => detectTlcLayout('hello,world')).toThrow(TlcLayoutError);
  });

  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('a, "b,c" ,"say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
  });
});

describe('wall clock to UTC', () => {
  const ny = createWallClockConverter('America/New_York');
  it.each([
    ['2013-01-01 00:00:00', '2013-01-01T05:00:00.000Z', 'exact'],
    ['2016-07-01 12:00', '2016-07-01T16:00:00.000Z', 'exact'],
    ['2016-03-13 01:59:59', '2016-03-13T06:59:59.000Z', 'exact'],
    // 02:30 does not exist that night: moved forward by the gap, to 03:30 EDT.
    ['2016-03-13 02:30:00', '2016-03-13T07:30:00.000Z', 'gap'],
    ['2016-03-13 03:00:00', '2016-03-13T07:00:00.000Z', 'exact'],
    // 01:30 happens twice: the earlier (EDT) instant.
    ['2016-11-06 01:30:00', '2016-11-06T05:30:00.000Z', 'overlap'],
    ['2016-11-06 02:00:00', '2016-11-06T07:00:00.000Z', 'exact'],
    ['2016-01-01T00:00:00.25', '2016-01-01T05:00:00.250Z', 'exact'],
  ])('%s in New York is %s (%s)', (wall, utc, fit) => {
    const result = ny.toUtc(wall);
    expect(new Date(result.ms).toISOString()).toBe(utc);
    expect(result.fit).toBe(fit);
  });

  it.each([
    '2016-02-30 00:00:00',
    '2016-13-01 00:00:00',
    '2016-01-01 24:00:00',
    '01/01/2016 00:00',
    '',
  ])('rejects %j', (wall) => expect(ny.toUtc(wall).ms).toBeNaN());

  it('rejects unknown zones', () => {
    expect(() => createWallClockConverter('Mars/Olympus_Mons')).toThrow(/unknown time zone/);
  });
});

describe('convertTlc', () => {
  it('converts the yellow 2015-2016 layout (real excerpt) into UTC, sorted, with ids from 1', async () => {
    const { trips, report } = await convertTlc(RAW('yellow-2015-sample.csv'));
    expect(report.inputs[0]).toMatchObject({
      layout: 'yellow-2015',
      rows: 20,
      converted: 20,
      unconvertible: 0,
    });
    expect(trips).toHaveLength(20);
    expect(trips.map((t) => t.trip_id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Line 2 of the file: 2016-01-01 00:00:00 -> 00:00:00, New York winter time (UTC-5).
    expect(trips[0]).toEqual({
      type: 'trip',
      trip_id: 1,
      pickup_datetime: '2016-01-01T05:00:00.000Z',
      dropoff_datetime: '2016-01-01T05:00:00.000Z',
      pickup_latitude: 40.73469543457031,
      pickup_longitude: -73.99037170410156,
      dropoff_latitude: 40.73240661621094,
      dropoff_longitude: -73.981842041015625,
      passenger_count: 2,
      trip_distance: 1.1,
      fare_amount: 7.5,
      // The 2015 layout calls the surcharge 'extra'.
      surcharge: 0.5,
      mta_tax: 0.5,
      tip_amount: 0,
      tolls_amount: 0,
      total_amount: 8.8,
      vendor_id: '2',
      payment_type: '2',
    });
    const dropoffs = trips.map((t) => t.dropoff_datetime);
    expect(dropoffs).toEqual([...dropoffs].sort());
  });

  it('converts the DEBS 2015 layout (real excerpt) and flags zero coordinates', async () => {
    const { trips, report } = await convertTlc(RAW('debs-2015-sample.csv'));
    expect(report.inputs[0]).toMatchObject({ layout: 'debs-2015', rows: 20, converted: 20 });
    expect(report.flagged.zeroCoordinates).toBe(
      trips.filter(
        (t) =>
          t.pickup_latitude === 0 ||
          t.dropoff_longitude === 0 ||
          t.pickup_longitude === 0 ||
          t.dropoff_latitude === 0,
      ).length,
    );
    expect(report.flagged.zeroCoordinates).toBeGreaterThan(0);
    // Line 1: every one of the 17 DEBS columns lands in the wire trip.
    expect(trips[0]).toEqual({
      type: 'trip',
      trip_id: 1,
      medallion: '07290D3599E7A0D62097A346EFCC1FB5',
      hack_license: 'E7750A37CAB07D0DFF0AF7E3573AC141',
      pickup_datetime: '2013-01-01T05:00:00.000Z',
      dropoff_datetime: '2013-01-01T05:02:00.000Z',
      trip_time_in_secs: 120,
      trip_distance: 0.44,
      pickup_longitude: -73.956528,
      pickup_latitude: 40.716976,
      dropoff_longitude: -73.96244,
      dropoff_latitude: 40.715008,
      payment_type: 'CSH',
      fare_amount: 3.5,
      surcharge: 0.5,
      mta_tax: 0.5,
      tip_amount: 0,
      tolls_amount: 0,
      total_amount: 4.5,
    });
    expect(trips[0]).not.toHaveProperty('passenger_count');
    for (const trip of trips) {
      expect(trip.medallion).toMatch(/^[0-9A-F]{32}$/);
      expect(trip.hack_license).toMatch(/^[0-9A-F]{32}$/);
      expect(decode(encode(trip))).toEqual(trip);
    }
  });

  it('converts the Flink rides layout (real gzip excerpt): END events are trips, START events skipped', async () => {
    const { trips, report } = await convertTlc(RAW('flink-rides-sample.gz'));
    const input = report.inputs[0];
    expect(input.layout).toBe('flink-rides');
    expect(input.rows).toBe(1000);
    expect(input.converted + input.skippedStartEvents + input.unconvertible).toBe(1000);
    expect(input.converted).toBe(80);
    // 65,END,2013-01-01 00:00:36,2013-01-01 00:00:09,-73.99221,40.725124,-73.991646,40.726658,1,...
    expect(trips[0]).toEqual({
      type: 'trip',
      trip_id: 1,
      pickup_datetime: '2013-01-01T05:00:09.000Z',
      dropoff_datetime: '2013-01-01T05:00:36.000Z',
      pickup_latitude: 40.725124,
      pickup_longitude: -73.99221,
      dropoff_latitude: 40.726658,
      dropoff_longitude: -73.991646,
      passenger_count: 1,
      medallion: '2013000065',
      hack_license: '2013000065',
    });
    for (const trip of trips) expect(decode(encode(trip))).toEqual(trip);
  });

  it.each([
    [
      'yellow-2009',
      YELLOW_2009,
      {
        pickup_datetime: '2009-01-04T07:40:00.000Z',
        vendor_id: 'CMT',
        payment_type: 'Credit',
        tip_amount: 1,
        passenger_count: 2,
      },
    ],
    [
      'yellow-2010',
      YELLOW_2010,
      {
        pickup_datetime: '2014-01-10T01:45:25.000Z',
        trip_distance: 0.7,
        pickup_longitude: -73.99477,
        fare_amount: 6.5,
        vendor_id: 'CMT',
      },
    ],
    [
      'green',
      GREEN,
      {
        pickup_datetime: '2015-01-01T05:34:42.000Z',
        trip_distance: 0.88,
        dropoff_latitude: 40.76552200317383,
        payment_type: '2',
      },
    ],
  ])('converts the %s layout (hand-written sample)', async (layout, sample, first) => {
    const { trips, report } = await convertTlc(text(sample));
    expect(report.inputs[0]).toMatchObject({ layout, rows: 2, converted: 2, unconvertible: 0 });
    expect(trips[0]).toMatchObject(first);
    for (const trip of trips) expect(decode(encode(trip))).toEqual(trip);
  });

  it('reads the raw times in --source-timezone instead', async () => {
    const { trips, report } = await convertTlc(text(YELLOW_2009), { sourceTimeZone: 'UTC' });
    expect(report.sourceTimeZone).toBe('UTC');
    expect(trips[0].pickup_datetime).toBe('2009-01-04T02:40:00.000Z');
  });

  it('flags daylight-saving gaps and overlaps but converts them', async () => {
    const { trips, report } = await convertTlc(
      text(
        DEBS_HEADERLESS('2016-03-13 02:10:00', '2016-03-13 02:30:00'),
        DEBS_HEADERLESS('2016-11-06 01:10:00', '2016-11-06 01:20:00'),
      ),
    );
    expect(report.flagged).toMatchObject({ dstGap: 2, dstOverlap: 2 });
    expect(trips.map((t) => t.dropoff_datetime)).toEqual([
      '2016-03-13T07:30:00.000Z',
      '2016-11-06T05:20:00.000Z',
    ]);
  });

  it('keeps and flags dropoff-before-pickup trips, sorts by dropoff then pickup then input order', async () => {
    const { trips, report } = await convertTlc(
      text(
        DEBS_HEADERLESS('2013-01-01 00:10:00', '2013-01-01 00:20:00', '-73.9,40.7,-73.9,40.7'),
        DEBS_HEADERLESS('2013-01-01 00:30:00', '2013-01-01 00:05:00', '-73.8,40.7,-73.8,40.7'),
        DEBS_HEADERLESS('2013-01-01 00:15:00', '2013-01-01 00:20:00', '-73.7,40.7,-73.7,40.7'),
        DEBS_HEADERLESS('2013-01-01 00:10:00', '2013-01-01 00:20:00', '-73.6,40.7,-73.6,40.7'),
      ),
      { firstTripId: 100 },
    );
    expect(report.flagged.dropoffBeforePickup).toBe(1);
    expect(trips.map((t) => [t.trip_id, t.pickup_longitude])).toEqual([
      [100, -73.8],
      [101, -73.9],
      [102, -73.6],
      [103, -73.7],
    ]);
  });

  it('counts and lists unconvertible rows with line numbers and reasons, and goes on', async () => {
    const { trips, report } = await convertTlc(
      text(
        DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 00:02:00'),
        'A,B,2013-01-01 00:00:00\n',
        DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 25:02:00'),
        DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 00:02:00', '-73.9,404.97812,-73.9,40.7'),
        DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 00:02:00', '-73.9,,-73.9,40.7'),
        '\n',
        DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 00:03:00'),
      ),
      { maxReportedRows: 3 },
    );
    expect(trips).toHaveLength(2);
    expect(report.unconvertible.total).toBe(4);
    expect(report.unconvertible.byReason).toEqual({
      'too-few-fields': 1,
      'bad-event-kind': 0,
      'bad-datetime': 1,
      'bad-coordinate': 1,
      'coordinate-out-of-range': 1,
    });
    expect(report.unconvertible.first.map((r) => [r.lineNumber, r.reason])).toEqual([
      [2, 'too-few-fields'],
      [3, 'bad-datetime'],
      [4, 'coordinate-out-of-range'],
    ]);
    expect(report.unconvertible.first[2].detail).toContain('pickup_latitude 404.97812');
    expect(report.inputs[0]).toMatchObject({ rows: 6, converted: 2, unconvertible: 4 });
  });

  it('reports an unknown Flink event kind', async () => {
    const { report } = await convertTlc(
      text(
        '1,START,2013-01-01 00:00:00,1970-01-01 00:00:00,0,0,0,0,1,1,1\n1,MIDDLE,2013-01-01 00:00:00,1970-01-01 00:00:00,0,0,0,0,1,1,1\n',
      ),
    );
    expect(report.unconvertible.byReason['bad-event-kind']).toBe(1);
  });

  it('drops unparseable optional values, counted, and keeps the trip', async () => {
    const row = DEBS_HEADERLESS('2013-01-01 00:00:00', '2013-01-01 00:02:00').replace(
      '3.50,',
      'n/a,',
    );
    const { trips, report } = await convertTlc(text(row));
    expect(trips[0]).not.toHaveProperty('fare_amount');
    expect(report.flagged.optionalValuesDropped).toBe(1);
  });

  it('applies the dropoff range, then the limit, then numbers the trips', async () => {
    const rows = Array.from({ length: 10 }, (_, i) =>
      DEBS_HEADERLESS('2013-01-01 00:00:00', `2013-01-01 00:0${i}:00`),
    );
    const { trips, report } = await convertTlc(text(...rows), {
      dropoffFrom: '2013-01-01T05:02:00Z',
      dropoffTo: Date.parse('2013-01-01T05:08:00Z'),
      limit: 4,
    });
    expect(trips.map((t) => [t.trip_id, t.dropoff_datetime.slice(11, 16)])).toEqual([
      [1, '05:02'],
      [2, '05:03'],
      [3, '05:04'],
      [4, '05:05'],
    ]);
    expect(report).toMatchObject({ trips: 4, droppedByRange: 4, droppedByLimit: 2 });
    expect(report.dropoffRange).toEqual({
      first: '2013-01-01T05:02:00.000Z',
      last: '2013-01-01T05:05:00.000Z',
    });
  });

  it('merges several inputs of different layouts, each detected on its own', async () => {
    const inputs: TlcInput[] = [text(YELLOW_2009), RAW('debs-2015-sample.csv'), text(GREEN)];
    const { trips, report } = await convertTlc(inputs);
    expect(report.inputs.map((i) => i.layout)).toEqual(['yellow-2009', 'debs-2015', 'green']);
    expect(report.inputs[0].input).toBe('<input 0>');
    expect(trips).toHaveLength(24);
    expect(new Set(trips.map((t) => t.trip_id)).size).toBe(24);
  });

  it('is deterministic', async () => {
    const a = await convertTlc(RAW('flink-rides-sample.gz'));
    const b = await convertTlc(RAW('flink-rides-sample.gz'));
    expect(a.trips.map(encode)).toEqual(b.trips.map(encode));
  });

  it('reports what the reference job makes of the trips', async () => {
    const { report } = await convertTlc(RAW('debs-2015-sample.csv'));
    const { kept, invalid, airportTrips } = report.referenceJob;
    expect(kept + Object.values(invalid).reduce((a, b) => a + b, 0)).toBe(report.trips);
    expect(airportTrips.JFK + airportTrips.LGA).toBeLessThanOrEqual(kept);
  });

  it('rejects bad options and unreadable layouts', async () => {
    await expect(convertTlc(text(GREEN), { sourceTimeZone: 'Nowhere/Land' })).rejects.toThrow(
      /unknown time zone/,
    );
    await expect(convertTlc(text(GREEN), { limit: -1 })).rejects.toThrow(/options\.limit/);
    await expect(convertTlc(text(GREEN), { dropoffFrom: 'yesterday' })).rejects.toThrow(
      /dropoffFrom/,
    );
    await expect(convertTlc(text(GREEN), { maxReportedRows: 1.5 })).rejects.toThrow(
      /maxReportedRows/,
    );
    await expect(convertTlc(text(YELLOW_2017))).rejects.toThrow(TlcLayoutError);
    await expect(convertTlc(text(GREEN), { layout: 'yellow-2009' })).resolves.toMatchObject({
      trips: expect.any(Array),
    });
  });
});
