import { describe, expect, test } from 'vitest';
import {
  InvalidOptionError,
  savedObjects,
  translateVisualizations,
  VisualizationTranslationError,
} from '../src/index.js';
import { kueryToQuery } from '../src/queries/kuery-to-query.js';

const range = { from: '2013-01-01T00:00:00.000Z', to: '2013-01-02T00:00:00.000Z' };

describe('translateVisualizations', () => {
  test('turns each visualization into a search on its index with the time filter', () => {
    const t = translateVisualizations(savedObjects({ indexPrefix: 'p-' }), range);
    expect(t.map((x) => [x.visType, x.request.index])).toEqual([
      ['tile_map', 'p-pickup_count'],
      ['metrics', 'p-trip_duration'],
      ['metric', 'p-pickup_count'],
      ['histogram', 'p-pickup_count'],
      ['table', 'p-pickup_count'],
    ]);
    for (const x of t)
      expect(JSON.stringify(x.request.body)).toContain('"gte":"2013-01-01T00:00:00.000Z"');
  });

  test('the map asks for geohash-6 cells in the collar, with sums and centroids', () => {
    const [map] = translateVisualizations(savedObjects(), range);
    const collar = (map.request.body.aggs as any).filter_agg;
    expect(Object.keys(collar.filter.geo_bounding_box)).toEqual(['ignore_unmapped', 'location']);
    expect(collar.aggs['2']).toEqual({
      geohash_grid: { field: 'location', precision: 6 },
      aggs: {
        '1': { sum: { field: 'pickup_count' } },
        centroid: { geo_centroid: { field: 'location' } },
      },
    });
  });

  test('the duration panel sends two sums per airport filter and no script', () => {
    const tsvb = translateVisualizations(savedObjects(), range)[1];
    const body = JSON.stringify(tsvb.request.body);
    expect(body).not.toMatch(/script|bucket_script|avg_trip_duration/);
    const series = (tsvb.request.body.aggs as any)['avg-trip-duration'];
    expect(Object.keys(series.filters.filters)).toEqual(['jfk', 'lga']);
    expect(series.filters.filters.jfk).toEqual(
      kueryToQuery({ query: 'airport_code : "JFK"', language: 'kuery' }, 'x'),
    );
    expect(series.aggs.timeseries.date_histogram).toMatchObject({
      field: 'timestamp',
      fixed_interval: '3600s',
      min_doc_count: 0,
    });
    expect(Object.keys(series.aggs.timeseries.aggs)).toEqual([
      'sum-trip-duration',
      'sum-trip-count',
    ]);
  });

  test('TSVB widens its interval past 2000 buckets, in multiples of the floor', () => {
    const year = { from: '2013-01-01T00:00:00.000Z', to: '2014-01-01T00:00:00.000Z' };
    const tsvb = translateVisualizations(savedObjects(), year)[1];
    const histogram = (tsvb.request.body.aggs as any)['avg-trip-duration'].aggs.timeseries
      .date_histogram;
    expect(histogram.fixed_interval).toBe(`${5 * 3600}s`); // 8760 h / 2000 -> 5 h
  });

  test('refuses what it cannot translate faithfully, and relative time ranges', () => {
    const withScript = savedObjects().replace(
      '\\"type\\":\\"sum\\"',
      '\\"type\\":\\"percentiles\\"',
    );
    expect(() => translateVisualizations(withScript, range)).toThrow(VisualizationTranslationError);
    const richKql = savedObjects().replace(
      'airport_code : \\\\\\"JFK\\\\\\"',
      'airport_code:JFK or airport_code:LGA',
    );
    expect(richKql).not.toBe(savedObjects());
    expect(() => translateVisualizations(richKql, range)).toThrow(/KQL/);
    expect(() => translateVisualizations(savedObjects(), { from: 'now-1d', to: 'now' })).toThrow(
      InvalidOptionError,
    );
  });
});

describe('kueryToQuery', () => {
  test('compiles the empty query and one field clause as Dashboards does', () => {
    expect(kueryToQuery({ query: ' ', language: 'kuery' }, 'x')).toEqual({ match_all: {} });
    expect(kueryToQuery({ query: 'airport_code : "JFK"', language: 'kuery' }, 'x')).toEqual({
      bool: { should: [{ match_phrase: { airport_code: 'JFK' } }], minimum_should_match: 1 },
    });
    expect(kueryToQuery({ query: 'airport_code:LGA', language: 'kuery' }, 'x')).toEqual({
      bool: { should: [{ match: { airport_code: 'LGA' } }], minimum_should_match: 1 },
    });
    expect(() => kueryToQuery({ query: 'a:b', language: 'lucene' }, 'x')).toThrow(/lucene/);
  });
});
