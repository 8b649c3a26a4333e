import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertTlc, decode, encode } from '../src/index.js';

/**
 * The whole real files the fixtures were cut from (`../shared/data/nyc-tlc` beside the repository,
 * or `TRIPSTREAM_SHARED_DATA`). They are not part of the repository, so these tests run only where
 * the folder exists; the raw samples in fixtures/trips/raw cover the same layouts everywhere.
 */
const SHARED =
  process.env.TRIPSTREAM_SHARED_DATA ??
  fileURLToPath(new URL('../../../../shared/data/nyc-tlc', import.meta.url));
const DEBS = `${SHARED}/debs2015-sorted_data-first10k.csv`;
const FLINK = `${SHARED}/flink-training-nycTaxiRides.gz`;
const present = existsSync(DEBS) && existsSync(FLINK);

// Whole files: seconds of work, more on a loaded machine.
describe.skipIf(!present)(`the real shared data (${SHARED})`, { timeout: 180_000 }, () => {
  it('DEBS 2015: every trip carries its taxi, driver, meter time and fare columns', async () => {
    const { trips, report } = await convertTlc(DEBS);
    // 10,004 rows, one with pickup latitude 404.97812 (fixtures/README.md).
    expect(report.trips).toBe(10_003);
    expect(report.flagged.optionalValuesDropped).toBe(0);
    for (const trip of trips) {
      expect(trip.medallion).toMatch(/^[0-9A-F]{32}$/);
      expect(trip.hack_license).toMatch(/^[0-9A-F]{32}$/);
      expect(Number.isSafeInteger(trip.trip_time_in_secs)).toBe(true);
      // The fare columns add up to the total on every row of this file.
      const sum =
        (trip.fare_amount ?? NaN) +
        (trip.surcharge ?? NaN) +
        (trip.mta_tax ?? NaN) +
        (trip.tip_amount ?? NaN) +
        (trip.tolls_amount ?? NaN);
      expect(Math.abs(sum - (trip.total_amount ?? NaN))).toBeLessThan(0.005);
      expect(decode(encode(trip))).toEqual(trip);
    }
    // `cut -d, -f1 | sort -u | wc -l` over the file (the bad row's taxi drove other trips too).
    expect(new Set(trips.map((t) => t.medallion)).size).toBe(4630);
    expect(new Set(trips.map((t) => t.hack_license)).size).toBe(4628);
  });

  it('Flink rides: the taxi id becomes the medallion and the driver id the hack licence', async () => {
    const { trips } = await convertTlc(FLINK);
    expect(trips).toHaveLength(46_449);
    for (const trip of trips) {
      expect(trip.medallion).toMatch(/^2013\d{6}$/);
      expect(trip.hack_license).toMatch(/^2013\d{6}$/);
    }
    // `zcat | grep ,END, | cut -d, -f10 | sort -u | wc -l`, less none: the bad ride's taxi has others.
    expect(new Set(trips.map((t) => t.medallion)).size).toBe(10_337);
  });
});
