import { TAXI_INDEX_MAPPINGS } from '@tripstream/reference-job';
import { describe, expect, test } from 'vitest';
import {
  checkSavedObjects,
  InvalidOptionError,
  DEFAULT_TIME_RANGE,
  savedObjectList,
  savedObjects,
  type SavedObject,
} from '../src/index.js';

const lines = (ndjson: string) => ndjson.trimEnd().split('\n');
const parse = (ndjson: string): SavedObject[] => lines(ndjson).map((l) => JSON.parse(l));
const vis = (o: SavedObject) => JSON.parse(String(o.attributes.visState));
const byId = (objects: SavedObject[], suffix: string) =>
  objects.find((o) => o.id.endsWith(suffix))!;
/** Applies `edit` to the parsed objects and serialises them again. */
const mutate = (edit: (objects: SavedObject[]) => void, ndjson = savedObjects()) => {
  const objects = parse(ndjson);
  edit(objects);
  return objects.map((o) => JSON.stringify(o)).join('\n');
};
const editVis = (o: SavedObject, edit: (v: any) => void) => {
  const v = vis(o);
  edit(v);
  o.attributes.visState = JSON.stringify(v);
};

describe('savedObjects', () => {
  test('is one JSON object per line, index patterns first, dashboard last', () => {
    const ndjson = savedObjects();
    expect(ndjson.endsWith('\n')).toBe(true);
    const objects = parse(ndjson);
    expect(objects.map((o) => o.type)).toEqual([
      'index-pattern',
      'index-pattern',
      'visualization',
      'visualization',
      'visualization',
      'visualization',
      'visualization',
      'dashboard',
    ]);
    expect(new Set(objects.map((o) => o.id)).size).toBe(objects.length);
    expect(savedObjectList().map((o) => JSON.stringify(o))).toEqual(lines(ndjson));
  });

  test('passes every structural check, with and without a prefix', () => {
    expect(checkSavedObjects(savedObjects())).toEqual([]);
    expect(
      checkSavedObjects(savedObjects({ indexPrefix: 'demo-' }), { indexPrefix: 'demo-' }),
    ).toEqual([]);
  });

  test('index patterns match the sink indices, time field timestamp, fields as mapped', () => {
    const [pickup, duration] = parse(savedObjects());
    expect(pickup.attributes).toMatchObject({ title: 'pickup_count', timeFieldName: 'timestamp' });
    expect(duration.attributes).toMatchObject({
      title: 'trip_duration',
      timeFieldName: 'timestamp',
    });
    const fields = JSON.parse(String(pickup.attributes.fields));
    expect(fields.find((f: any) => f.name === 'location').type).toBe('geo_point');
    expect(fields.find((f: any) => f.name === 'timestamp').type).toBe('date');
    expect(fields.find((f: any) => f.name === 'pickup_count').type).toBe('number');
  });

  test('the map is a geohash grid on a geo_point weighted by the sum of pickup_count', () => {
    const map = vis(byId(parse(savedObjects()), 'pickup-hot-spots'));
    expect(map.type).toBe('tile_map');
    const grid = map.aggs.find((a: any) => a.type === 'geohash_grid');
    const metric = map.aggs.find((a: any) => a.schema === 'metric');
    expect(TAXI_INDEX_MAPPINGS.pickup_count.properties[grid.params.field].type).toBe('geo_point');
    expect(metric).toMatchObject({ type: 'sum', params: { field: 'pickup_count' } });
  });

  test('the duration line is a ratio of two sums per airport, not an average of averages', () => {
    const tsvb = vis(byId(parse(savedObjects()), 'trip-duration-by-airport'));
    expect(tsvb.type).toBe('metrics');
    const [series] = tsvb.params.series;
    expect(series.split_filters.map((f: any) => f.label)).toEqual(['JFK', 'LGA']);
    const fields = series.metrics.map((m: any) => m.field).filter(Boolean);
    expect(fields).toEqual(['sum_trip_duration', 'trip_count']);
    expect(fields).not.toContain('avg_trip_duration');
    expect(series.metrics.at(-1)).toMatchObject({
      type: 'math',
      script: 'params.minutes / params.trips',
    });
    expect(tsvb.params.drop_last_bucket).toBe(0);
  });

  test('the dashboard holds every visualization and restores the fixtures day by default', () => {
    const objects = parse(savedObjects());
    const dashboard = objects.at(-1)!;
    const visIds = objects.filter((o) => o.type === 'visualization').map((o) => o.id);
    expect(dashboard.references.map((r) => r.id).sort()).toEqual([...visIds].sort());
    expect(dashboard.attributes).toMatchObject({
      timeRestore: true,
      timeFrom: DEFAULT_TIME_RANGE.from,
      timeTo: DEFAULT_TIME_RANGE.to,
    });
    const custom = parse(savedObjects({ timeRange: { from: 'now-7d', to: 'now' } })).at(-1)!;
    expect(custom.attributes).toMatchObject({ timeFrom: 'now-7d', timeTo: 'now' });
  });

  test('the index prefix reaches every id, title and index name', () => {
    const plain = parse(savedObjects());
    const prefixed = parse(savedObjects({ indexPrefix: 'demo-' }));
    for (const [a, b] of plain.map((o, i) => [o, prefixed[i]] as const)) {
      expect(b.id).not.toBe(a.id);
      expect(b.id).toContain('demo-');
      expect(b.attributes.title).not.toBe(a.attributes.title);
    }
    expect(prefixed.slice(0, 2).map((o) => o.attributes.title)).toEqual([
      'demo-pickup_count',
      'demo-trip_duration',
    ]);
    expect(vis(byId(prefixed, 'trip-duration-by-airport')).params.index_pattern).toBe(
      'demo-trip_duration',
    );
    // Objects of one prefix refer only to objects of the same prefix.
    const ids = new Set(prefixed.map((o) => o.id));
    for (const o of prefixed) for (const r of o.references) expect(ids.has(r.id)).toBe(true);
    // A prefixed file checked as unprefixed is caught: its index patterns match no sink index.
    expect(checkSavedObjects(savedObjects({ indexPrefix: 'demo-' })).length).toBeGreaterThan(0);
  });

  test('the interval reaches both time charts', () => {
    const objects = parse(savedObjects({ interval: '30m' }));
    expect(vis(byId(objects, 'trip-duration-by-airport')).params.interval).toBe('>=30m');
    const bars = vis(byId(objects, 'trips-per-window'));
    expect(bars.aggs.find((a: any) => a.type === 'date_histogram').params.interval).toBe('30m');
  });

  test.each([
    [{ indexPrefix: 'Demo-' }, 'indexPrefix'],
    [{ indexPrefix: '_x' }, 'indexPrefix'],
    [{ indexPrefix: 'a b' }, 'indexPrefix'],
    [{ interval: '1 hour' }, 'interval'],
    [{ interval: '0h' }, 'interval'],
    [{ timeRange: { from: 'yesterday', to: 'now' } }, 'timeRange.from'],
    [{ timeRange: { from: '2013-01-02T00:00:00Z', to: '2013-01-01T00:00:00Z' } }, 'timeRange.to'],
  ])('rejects %j naming %s', (options, field) => {
    expect(() => savedObjects(options)).toThrow(InvalidOptionError);
    try {
      savedObjects(options);
    } catch (e) {
      expect((e as InvalidOptionError).field).toBe(field);
      expect((e as Error).message).toContain(field);
    }
  });
});

describe('checkSavedObjects catches', () => {
  const expectProblem = (ndjson: string, pattern: RegExp) => {
    const problems = checkSavedObjects(ndjson);
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(pattern));
  };

  test('a line that is not JSON, with its line number', () => {
    const ndjson = savedObjects().replace('\n', '\n{oops\n');
    const problems = checkSavedObjects(ndjson);
    expect(problems).toContainEqual(expect.objectContaining({ line: 2 }));
  });

  test('a duplicate id', () => {
    const ndjson = savedObjects();
    expectProblem(ndjson + lines(ndjson)[2], /duplicate visualization:/);
  });

  test('a reference to an object not in the file', () => {
    expectProblem(
      mutate((objects) => objects.splice(0, 1)),
      /reference kibanaSavedObjectMeta.searchSourceJSON.index -> index-pattern tripstream-pickup_count is not in the file/,
    );
  });

  test('a field that is not in the mapping', () => {
    expectProblem(
      mutate((objects) =>
        editVis(byId(objects, 'pickup-hot-spots'), (v) => (v.aggs[0].params.field = 'pickups')),
      ),
      /field pickups is not in the index mapping/,
    );
  });

  test('a geohash grid on a field that is not a geo_point', () => {
    expectProblem(
      mutate((objects) =>
        editVis(byId(objects, 'pickup-hot-spots'), (v) => (v.aggs[1].params.field = 'geohash')),
      ),
      /geohash_grid needs geo_point, geohash is keyword/,
    );
  });

  test('a date histogram on a field that is not a date', () => {
    expectProblem(
      mutate((objects) =>
        editVis(
          byId(objects, 'trips-per-window'),
          (v) => (v.aggs[1].params.field = 'pickup_count'),
        ),
      ),
      /date_histogram needs date\|date_nanos, pickup_count is long/,
    );
  });

  test('a TSVB panel on an index the sink does not write, or summing a keyword', () => {
    expectProblem(
      mutate((objects) =>
        editVis(
          byId(objects, 'trip-duration-by-airport'),
          (v) => (v.params.index_pattern = 'trips'),
        ),
      ),
      /TSVB index_pattern trips is no index of the sink/,
    );
    expectProblem(
      mutate((objects) =>
        editVis(
          byId(objects, 'trip-duration-by-airport'),
          (v) => (v.params.series[0].metrics[1].field = 'airport_code'),
        ),
      ),
      /sum needs .*airport_code is keyword/,
    );
  });

  test('a math variable naming no metric, and a split filter on a missing field', () => {
    expectProblem(
      mutate((objects) =>
        editVis(byId(objects, 'trip-duration-by-airport'), (v) => {
          v.params.series[0].metrics[2].variables[1].field = 'gone';
          v.params.series[0].split_filters[0].filter.query = 'airport : "JFK"';
        }),
      ),
      /variable trips refers to no metric/,
    );
  });

  test('a dashboard panel without a reference, and no time range', () => {
    expectProblem(
      mutate((objects) => {
        const d = objects.at(-1)!;
        d.references.pop();
        d.attributes.timeRestore = false;
      }),
      /panel panel_4 has no reference/,
    );
    expectProblem(
      mutate((objects) => (objects.at(-1)!.attributes.timeRestore = false)),
      /does not restore a time range/,
    );
  });

  test('an index pattern whose time field is not a date, or whose fields disagree with the mapping', () => {
    expectProblem(
      mutate((objects) => (objects[0].attributes.timeFieldName = 'geohash')),
      /time field geohash is not a date/,
    );
    expectProblem(
      mutate((objects) => {
        const fields = JSON.parse(String(objects[1].attributes.fields));
        fields.find((f: any) => f.name === 'trip_count').type = 'string';
        objects[1].attributes.fields = JSON.stringify(fields);
      }),
      /field trip_count listed as string, mapped as long/,
    );
  });

  test('a visState whose title differs from the object title', () => {
    expectProblem(
      mutate((objects) => (objects[3].attributes.title = 'Renamed')),
      /visState.title differs/,
    );
  });
});
