import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  airportOf,
  isWatermark,
  readWireFile,
  validateTrip,
  type SchemaError,
  type TripEvent,
} from '@tripstream/trip-schema';
import { batchReferenceJob } from '../src/index.js';

const FIXTURES = new URL('../../../fixtures/', import.meta.url);

interface ReadmeRow {
  fixture: string;
  trips: number;
  kept: number;
  jfk: number;
  lga: number;
  pickupCountDocs: number;
  tripDurationDocs: number;
  windows: number;
}

/** The counts table of fixtures/README.md. */
function readmeRows(): ReadmeRow[] {
  const readme = readFileSync(new URL('README.md', FIXTURES), 'utf8');
  return readme
    .split('\n')
    .filter((line) => line.startsWith('| `trips/'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const airport = /^(\d+) \((\d+) \/ (\d+)\)$/.exec(cells[5]);
      if (airport === null) throw new Error(`bad airport cell in README: ${cells[5]}`);
      return {
        fixture: cells[1].replaceAll('`', ''),
        trips: Number(cells[3]),
        kept: Number(cells[4]),
        jfk: Number(airport[2]),
        lga: Number(airport[3]),
        pickupCountDocs: Number(cells[6]),
        tripDurationDocs: Number(cells[7]),
        windows: Number(cells[8]),
      };
    });
}

describe('fixtures/trips', () => {
  const rows = readmeRows();

  it('README lists the three fixtures', () => {
    expect(rows.map((r) => r.fixture)).toEqual([
      'trips/small.jsonl.gz',
      'trips/medium.jsonl.gz',
      'trips/large.jsonl.gz',
    ]);
  });

  it.each(rows)('$fixture decodes with zero errors and matches its README counts', async (row) => {
    const errors: SchemaError[] = [];
    const trips: TripEvent[] = [];
    const path = fileURLToPath(new URL(row.fixture, FIXTURES));
    for await (const event of readWireFile(path, { onError: (e) => errors.push(e) })) {
      if (isWatermark(event)) throw new Error(`unexpected watermark in ${row.fixture}`);
      trips.push(event);
    }
    expect(errors).toEqual([]);

    // Sorted by dropoff, ids 1..n in that order.
    const outOfOrder = trips.findIndex(
      (t, i) =>
        t.trip_id !== i + 1 || (i > 0 && trips[i - 1].dropoff_datetime > t.dropoff_datetime),
    );
    expect(outOfOrder).toBe(-1);

    const kept = trips.filter((t) => validateTrip(t) === undefined);
    const airports = kept.map((t) => airportOf(t.dropoff_latitude, t.dropoff_longitude));
    const { records, counts } = batchReferenceJob(trips);
    const pickupCount = records.filter((r) => r.index === 'pickup_count');
    expect({
      fixture: row.fixture,
      trips: trips.length,
      kept: counts.kept,
      jfk: airports.filter((a) => a === 'JFK').length,
      lga: airports.filter((a) => a === 'LGA').length,
      pickupCountDocs: pickupCount.length,
      tripDurationDocs: records.length - pickupCount.length,
      windows: new Set(pickupCount.map((r) => r.doc.window_start)).size,
    }).toEqual(row);
    expect(kept).toHaveLength(counts.kept);
  });

  it('the small fixture has trip_duration documents for both airports', async () => {
    const trips: TripEvent[] = [];
    for await (const event of readWireFile(
      fileURLToPath(new URL('trips/small.jsonl.gz', FIXTURES)),
    )) {
      trips.push(event as TripEvent);
    }
    const durations = batchReferenceJob(trips).records.filter((r) => r.index === 'trip_duration');
    expect(new Set(durations.map((r) => (r.doc as { airport_code: string }).airport_code))).toEqual(
      new Set(['JFK', 'LGA']),
    );
  });
});
