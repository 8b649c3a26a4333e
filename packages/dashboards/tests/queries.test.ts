import type { BatchReferenceJobResult, OutputRecord } from '@tripstream/reference-job';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import {
  dataTimeRange,
  DEFAULT_TIME_RANGE,
  geohashBounds,
  httpSearchClient,
  OpenSearchQueryError,
  savedObjects,
  translateVisualizations,
  type AggTableResult,
  type SearchClient,
  type TimeRange,
  type TimeSeriesResult,
  type TranslatedVisualization,
} from '../src/index.js';
import { durationModel, durations, pickups, sumBy } from './helpers/expected.js';
import { fixtureOutput, loadRecords } from './helpers/load-records.js';

const opensearch = inject('stack').opensearch!;
const client: SearchClient = httpSearchClient(opensearch);

async function runAll(ndjson: string, timeRange: TimeRange) {
  const results = new Map<string, { t: TranslatedVisualization; result: any }>();
  for (const t of translateVisualizations(ndjson, timeRange)) {
    const { body } = await client.search(t.request);
    results.set(t.id.replace(/^tripstream-(t9-[a-z]+-)?/, ''), { t, result: t.parse(body) });
  }
  return (name: string) => results.get(name)!.result;
}
const col = (r: AggTableResult, type: string) => r.columns.find((c) => c.type === type)!.id;

describe("the visualizations' queries against the reference job's output for the large fixture", () => {
  const prefix = 't9-large-';
  let output: BatchReferenceJobResult;
  let range: TimeRange;
  let result: (name: string) => any;

  beforeAll(async () => {
    output = await fixtureOutput('large');
    await loadRecords(opensearch, prefix, output.records);
    range = await dataTimeRange(client, prefix);
    result = await runAll(savedObjects({ indexPrefix: prefix, timeRange: range }), range);
  });

  test('the data spans the windows of the batch job', () => {
    const docs = pickups(output.records);
    expect(range.from).toBe(docs.map((d) => d.window_start).sort()[0]);
    expect(range.to).toBe(
      docs
        .map((d) => d.window_end)
        .sort()
        .at(-1),
    );
  });

  test('hot spots: the grid holds every kept trip, per geohash-6 cell of the pickups', () => {
    const grid: AggTableResult = result('pickup-hot-spots');
    const key = col(grid, 'geohash_grid');
    const sum = col(grid, 'sum');
    const total = grid.rows.reduce((acc, row) => acc + Number(row[sum]), 0);
    expect(total).toBe(output.counts.kept);
    const expected = sumBy(
      pickups(output.records),
      (d) => d.geohash.slice(0, 6),
      (d) => d.pickup_count,
    );
    expect(new Map(grid.rows.map((row) => [String(row[key]), Number(row[sum])]))).toEqual(expected);
    for (const row of grid.rows) {
      const b = geohashBounds(String(row[key]));
      const c = row.centroid as { lat: number; lon: number };
      expect(c.lat).toBeGreaterThanOrEqual(b.south);
      expect(c.lat).toBeLessThanOrEqual(b.north);
      expect(c.lon).toBeGreaterThanOrEqual(b.west);
      expect(c.lon).toBeLessThanOrEqual(b.east);
    }
  });

  test('duration: one line per airport, equal to sum(minutes) / sum(trips) of the batch model per window', () => {
    const ts: TimeSeriesResult = result('trip-duration-by-airport');
    expect(ts.lines.map((l) => l.label)).toEqual(['JFK', 'LGA']);
    const model = durationModel(output.records);
    let compared = 0;
    let differsFromMeanOfAverages = 0;
    for (const line of ts.lines) {
      for (const [time, value] of line.data) {
        const expected = model.get(`${line.label}|${time}`);
        if (!expected) {
          expect(value).toBeNull();
          continue;
        }
        expect(value).toBeCloseTo(expected.ratio, 9);
        compared++;
        if (Math.abs(expected.ratio - expected.meanOfAverages) > 1e-6) differsFromMeanOfAverages++;
      }
    }
    expect(compared).toBe(model.size);
    expect(compared).toBeGreaterThanOrEqual(2);
    // The fixture has windows where cells hold different numbers of trips, so an average of
    // averages would draw a different line: this test would catch that mistake.
    expect(differsFromMeanOfAverages).toBeGreaterThan(0);
  });

  test('top cells: the ten geohash-7 cells with the most pickups, in order', () => {
    const table: AggTableResult = result('top-pickup-cells');
    const key = col(table, 'terms');
    const sum = col(table, 'sum');
    const expected = sumBy(
      pickups(output.records),
      (d) => d.geohash,
      (d) => d.pickup_count,
    );
    const ranked = [...expected.values()].sort((a, b) => b - a);
    expect(table.rows.map((r) => Number(r[sum]))).toEqual(ranked.slice(0, 10));
    for (const row of table.rows) expect(expected.get(String(row[key]))).toBe(Number(row[sum]));
  });

  test('trips per window and total trips equal the batch job', () => {
    const bars: AggTableResult = result('trips-per-window');
    const expected = sumBy(
      pickups(output.records),
      (d) => String(Date.parse(d.timestamp)),
      (d) => d.pickup_count,
    );
    const key = col(bars, 'date_histogram');
    const sum = col(bars, 'sum');
    expect(new Map(bars.rows.map((r) => [String(r[key]), Number(r[sum])]))).toEqual(expected);
    const total: AggTableResult = result('total-trips');
    expect(total.rows).toHaveLength(1);
    expect(total.rows[0][col(total, 'sum')]).toBe(output.counts.kept);
  });

  test("the dashboard's default time range shows all of the fixture's data", async () => {
    const at = await runAll(savedObjects({ indexPrefix: prefix }), DEFAULT_TIME_RANGE);
    const total: AggTableResult = at('total-trips');
    expect(total.rows[0][col(total, 'sum')]).toBe(output.counts.kept);
  });

  test('a saved object with a wrong field makes its query fail or come back empty', async () => {
    const broken = savedObjects({ indexPrefix: prefix, timeRange: range }).replace(
      /\\"field\\":\\"location\\"/,
      '\\"field\\":\\"geohash\\"',
    );
    const grid = translateVisualizations(broken, range).find((t) => t.id.endsWith('hot-spots'))!;
    await expect(client.search(grid.request)).rejects.toThrow(OpenSearchQueryError);
  });
});

describe('the duration ratio on hand-built windows', () => {
  const prefix = 't9-hand-';
  const doc = (
    cell: string,
    airport: 'JFK' | 'LGA',
    hour: number,
    trips: number,
    minutes: number,
  ) => {
    const start = Date.UTC(2016, 0, 1, hour);
    const d = {
      location: cell,
      geohash: cell,
      airport_code: airport,
      trip_count: trips,
      sum_trip_duration: minutes,
      avg_trip_duration: minutes / trips,
      window_start: new Date(start).toISOString(),
      window_end: new Date(start + 3_600_000).toISOString(),
      timestamp: new Date(start + 3_600_000).toISOString(),
    };
    return { index: 'trip_duration', id: `${cell}:${airport}:${start}`, doc: d } as OutputRecord;
  };
  // Window 0: JFK from two cells, 2 trips of 10 min and 8 trips of 40 min: ratio 34, mean of
  // averages 25. Window 1: nothing. Window 2 (the last): LGA only.
  const records = [
    doc('dr5ru7', 'JFK', 0, 2, 20),
    doc('dr5rsq', 'JFK', 0, 8, 320),
    doc('dr5ru7', 'LGA', 0, 3, 60),
    doc('dr5rsq', 'LGA', 2, 4, 100),
  ];
  const range = { from: '2016-01-01T00:00:00.000Z', to: '2016-01-01T03:00:00.000Z' };

  test('weights windows by trips, leaves empty windows empty and keeps the last window', async () => {
    await loadRecords(opensearch, prefix, records);
    const t = translateVisualizations(
      savedObjects({ indexPrefix: prefix, timeRange: range }),
      range,
    );
    const tsvb = t.find((x) => x.visType === 'metrics')!;
    const { body } = await client.search(tsvb.request);
    const { lines } = tsvb.parse(body) as TimeSeriesResult;
    const h = (n: number) => Date.UTC(2016, 0, 1, n);
    expect(lines.find((l) => l.label === 'JFK')!.data).toEqual([
      [h(0), null],
      [h(1), 34],
      [h(2), null],
      [h(3), null],
    ]);
    expect(lines.find((l) => l.label === 'LGA')!.data).toEqual([
      [h(0), null],
      [h(1), 20],
      [h(2), null],
      [h(3), 25],
    ]);
    expect(durations(records)).toHaveLength(4);
  });
});
