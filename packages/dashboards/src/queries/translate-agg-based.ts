import { VisualizationTranslationError } from '../errors/visualization-translation-error.js';
import { geohashPrecisionForZoom } from './geohash-precision-for-zoom.js';
import { kueryToQuery, type QueryBarQuery } from './kuery-to-query.js';
import { mapCollar } from './map-collar.js';
import type {
  AggColumn,
  AggTableResult,
  TranslatedVisualization,
} from './translated-visualization.js';

interface AggConfig {
  id: string;
  enabled?: boolean;
  type: string;
  schema: string;
  params: Record<string, any>;
}

/** What an aggregation-based visualization is translated with. */
export interface AggBasedContext {
  id: string;
  title: string;
  visState: { type: string; params: Record<string, any>; aggs: AggConfig[] };
  searchSource: { query?: QueryBarQuery; filter?: unknown[] };
  /** Title of the referenced index pattern, i.e. the index searched. */
  index: string;
  timeField: string;
  /** Epoch ms. */
  timeRange: { from: number; to: number };
}

const METRICS = new Set(['sum', 'avg', 'min', 'max', 'count']);
const BUCKETS = new Set(['geohash_grid', 'terms', 'date_histogram']);
const COLLAR = 'filter_agg';
const CENTROID = 'centroid';

/**
 * Translates an aggregation-based visualization (coordinate map, data table, bar chart, metric)
 * into the search Dashboards sends for it, following its request builder: the time filter on the
 * index pattern's time field plus the saved query, bucket aggregations nested in order with the
 * metrics inside the innermost, and for the map the collar filter, the auto precision for its
 * zoom and the `geo_centroid` of each cell.
 *
 * @throws VisualizationTranslationError for an aggregation outside that set.
 */
export function translateAggBased(ctx: AggBasedContext): TranslatedVisualization {
  const aggs = ctx.visState.aggs.filter((a) => a.enabled !== false);
  const metrics = aggs.filter((a) => a.schema === 'metric');
  const buckets = aggs.filter((a) => a.schema !== 'metric');
  for (const a of aggs) {
    const known = a.schema === 'metric' ? METRICS : BUCKETS;
    if (!known.has(a.type)) {
      throw new VisualizationTranslationError(ctx.id, `aggregation ${a.type} as ${a.schema}`);
    }
  }
  const metricAggs: Record<string, unknown> = {};
  for (const m of metrics)
    if (m.type !== 'count') metricAggs[m.id] = { [m.type]: { field: m.params.field } };

  let inner: Record<string, unknown> = metricAggs;
  for (const b of [...buckets].reverse()) {
    const sub: Record<string, unknown> = { ...inner };
    if (b.type === 'geohash_grid' && b.params.useGeocentroid) {
      sub[CENTROID] = { geo_centroid: { field: b.params.field } };
    }
    const agg: Record<string, unknown> = { ...bucketAgg(b, ctx) };
    if (Object.keys(sub).length > 0) agg.aggs = sub;
    inner =
      b.type === 'geohash_grid' && b.params.isFilteredByCollar
        ? {
            [COLLAR]: {
              filter: {
                geo_bounding_box: {
                  ignore_unmapped: true,
                  [b.params.field]: mapCollar(b.params.mapCenter, b.params.mapZoom),
                },
              },
              aggs: { [b.id]: agg },
            },
          }
        : { [b.id]: agg };
  }

  const query = kueryToQuery(ctx.searchSource.query ?? { query: '', language: 'kuery' }, ctx.id);
  if ((ctx.searchSource.filter ?? []).length > 0) {
    throw new VisualizationTranslationError(ctx.id, 'saved filters');
  }
  const body = {
    size: 0,
    query: {
      bool: {
        must: [],
        filter: [
          query,
          {
            range: {
              [ctx.timeField]: {
                gte: new Date(ctx.timeRange.from).toISOString(),
                lte: new Date(ctx.timeRange.to).toISOString(),
                format: 'strict_date_optional_time',
              },
            },
          },
        ],
        should: [],
        must_not: [],
      },
    },
    aggs: inner,
  };

  const columns: AggColumn[] = [
    ...buckets.flatMap((b) => {
      const col: AggColumn = { id: b.id, type: b.type, field: b.params.field, label: label(b) };
      return b.type === 'geohash_grid' && b.params.useGeocentroid
        ? [col, { id: CENTROID, type: 'geo_centroid', field: b.params.field, label: 'Centroid' }]
        : [col];
    }),
    ...metrics.map((m) => ({ id: m.id, type: m.type, field: m.params.field, label: label(m) })),
  ];

  return {
    id: ctx.id,
    title: ctx.title,
    visType: ctx.visState.type,
    request: { index: ctx.index, body },
    parse: (response) => tabify(response, buckets, metrics, columns),
  };
}

function bucketAgg(b: AggConfig, ctx: AggBasedContext): Record<string, unknown> {
  const p = b.params;
  switch (b.type) {
    case 'geohash_grid':
      return {
        geohash_grid: {
          field: p.field,
          precision: p.autoPrecision ? geohashPrecisionForZoom(p.mapZoom) : p.precision,
        },
      };
    case 'terms': {
      const order =
        p.orderBy === '_key'
          ? { _key: p.order }
          : p.orderBy === '_count'
            ? { _count: p.order }
            : { [p.orderBy]: p.order };
      return { terms: { field: p.field, size: p.size, order } };
    }
    case 'date_histogram': {
      const m = /^(\d+)?(ms|s|m|h|d|w|M|y)$/.exec(String(p.interval));
      if (!m)
        throw new VisualizationTranslationError(ctx.id, `date_histogram interval ${p.interval}`);
      const n = Number(m[1] ?? 1);
      const interval =
        n === 1 ? { calendar_interval: `1${m[2]}` } : { fixed_interval: `${n}${m[2]}` };
      const histogram: Record<string, unknown> = {
        field: p.field,
        ...interval,
        time_zone: 'UTC',
        min_doc_count: p.min_doc_count ?? 1,
      };
      if (histogram.min_doc_count === 0) {
        histogram.extended_bounds = { min: ctx.timeRange.from, max: ctx.timeRange.to };
      }
      return { date_histogram: histogram };
    }
    default:
      throw new VisualizationTranslationError(ctx.id, `bucket ${b.type}`);
  }
}

function label(a: AggConfig): string {
  return a.params.customLabel || (a.params.field ? `${a.type} of ${a.params.field}` : a.type);
}

function tabify(
  response: any,
  buckets: AggConfig[],
  metrics: AggConfig[],
  columns: AggColumn[],
): AggTableResult {
  const rows: Record<string, unknown>[] = [];
  const metricValues = (node: any, row: Record<string, unknown>) => {
    for (const m of metrics)
      row[m.id] = m.type === 'count' ? node.doc_count : (node[m.id]?.value ?? null);
    rows.push(row);
  };
  const walk = (node: any, level: number, row: Record<string, unknown>) => {
    if (level === buckets.length) return metricValues(node, row);
    const b = buckets[level];
    const agg = node[COLLAR]?.[b.id] ?? node[b.id];
    for (const bucket of agg?.buckets ?? []) {
      const next = { ...row, [b.id]: bucket.key };
      if (bucket[CENTROID]) next[CENTROID] = bucket[CENTROID].location ?? null;
      walk(bucket, level + 1, next);
    }
  };
  walk(response?.aggregations ?? {}, 0, {});
  return { kind: 'table', columns, rows };
}
