import { VisualizationTranslationError } from '../errors/visualization-translation-error.js';
import { evaluateMath } from './evaluate-math.js';
import { kueryToQuery } from './kuery-to-query.js';
import type {
  TimeSeriesLine,
  TimeSeriesResult,
  TranslatedVisualization,
} from './translated-visualization.js';

/** What a TSVB time series is translated with. */
export interface TsvbContext {
  id: string;
  title: string;
  params: Record<string, any>;
  /** Epoch ms. */
  timeRange: { from: number; to: number };
}

/** Buckets TSVB draws at most before it widens the interval (`metrics:max_buckets`). */
const MAX_BUCKETS = 2000;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 };
const FIELD_METRICS = new Set(['sum', 'avg', 'min', 'max']);

/**
 * Translates a TSVB time series into the search its server side sends: one aggregation per
 * series (split by `filters`, `terms` or not at all), a `date_histogram` on the panel's time field
 * with empty buckets kept, and the field metrics inside. `math` metrics are not sent: TSVB
 * evaluates them per bucket in the Dashboards server, and {@link TranslatedVisualization.parse}
 * does the same, so `params.minutes / params.trips` is a ratio of the two sums per bucket.
 *
 * The interval is TSVB's `>=<n><unit>` floor, widened to a multiple of it if the range would
 * need more than 2000 buckets.
 *
 * @throws VisualizationTranslationError for features outside that set.
 */
export function translateTsvb(ctx: TsvbContext): TranslatedVisualization {
  const p = ctx.params;
  if (p.type !== 'timeseries') throw new VisualizationTranslationError(ctx.id, `TSVB ${p.type}`);
  const intervalMs = intervalOf(ctx);
  const { from, to } = ctx.timeRange;
  const panelQuery = kueryToQuery(p.filter ?? { query: '', language: 'kuery' }, ctx.id);
  const seriesAggs: Record<string, unknown> = {};
  for (const s of p.series ?? []) {
    if (s.override_index_pattern) {
      throw new VisualizationTranslationError(ctx.id, 'series index pattern override');
    }
    const metricAggs: Record<string, unknown> = {};
    for (const m of s.metrics) {
      if (FIELD_METRICS.has(m.type)) metricAggs[m.id] = { [m.type]: { field: m.field } };
      else if (m.type !== 'math' && m.type !== 'count') {
        throw new VisualizationTranslationError(ctx.id, `TSVB metric ${m.type}`);
      }
    }
    const timeseries = {
      timeseries: {
        date_histogram: {
          field: p.time_field,
          fixed_interval: `${intervalMs / 1000}s`,
          min_doc_count: 0,
          time_zone: 'UTC',
          extended_bounds: { min: from, max: to },
        },
        aggs: metricAggs,
      },
    };
    if (s.split_mode === 'filters') {
      const filters = Object.fromEntries(
        s.split_filters.map((f: any) => [f.id, kueryToQuery(f.filter, ctx.id)]),
      );
      seriesAggs[s.id] = { filters: { filters }, aggs: timeseries };
    } else if (s.split_mode === 'terms') {
      seriesAggs[s.id] = {
        terms: {
          field: s.terms_field,
          size: Number(s.terms_size ?? 10),
          order: { _count: 'desc' },
        },
        aggs: timeseries,
      };
    } else if (s.split_mode === 'everything' || s.split_mode === undefined) {
      seriesAggs[s.id] = { filter: { match_all: {} }, aggs: timeseries };
    } else {
      throw new VisualizationTranslationError(ctx.id, `TSVB split_mode ${s.split_mode}`);
    }
  }
  const body = {
    size: 0,
    query: {
      bool: {
        must: [
          {
            range: {
              [p.time_field]: {
                gte: new Date(from).toISOString(),
                lte: new Date(to).toISOString(),
                format: 'strict_date_optional_time',
              },
            },
          },
          panelQuery,
        ],
      },
    },
    aggs: seriesAggs,
  };
  return {
    id: ctx.id,
    title: ctx.title,
    visType: 'metrics',
    request: { index: String(p.index_pattern), body },
    parse: (response) => parseTsvb(response, p),
  };
}

function intervalOf(ctx: TsvbContext): number {
  const m = /^>=\s*(\d+)([smhd])$/.exec(String(ctx.params.interval));
  if (!m) throw new VisualizationTranslationError(ctx.id, `TSVB interval ${ctx.params.interval}`);
  const floor = Number(m[1]) * UNIT_MS[m[2]];
  const span = ctx.timeRange.to - ctx.timeRange.from;
  return floor * Math.max(1, Math.ceil(span / floor / MAX_BUCKETS));
}

function parseTsvb(response: any, p: Record<string, any>): TimeSeriesResult {
  const lines: TimeSeriesLine[] = [];
  for (const s of p.series ?? []) {
    const agg = response?.aggregations?.[s.id];
    const splits: { id: string; label: string; color?: string; node: any }[] =
      s.split_mode === 'filters'
        ? s.split_filters.map((f: any) => ({
            id: f.id,
            label: f.label || f.filter.query,
            color: f.color,
            node: agg?.buckets?.[f.id],
          }))
        : s.split_mode === 'terms'
          ? (agg?.buckets ?? []).map((b: any) => ({
              id: String(b.key),
              label: String(b.key),
              node: b,
            }))
          : [{ id: s.id, label: s.label, color: s.color, node: agg }];
    for (const split of splits) {
      let buckets: any[] = split.node?.timeseries?.buckets ?? [];
      if (p.drop_last_bucket) buckets = buckets.slice(0, -1);
      const metrics: Record<string, [number, number | null][]> = {};
      const values = buckets.map((b) => {
        const byId: Record<string, number | null> = {};
        for (const m of s.metrics) {
          if (m.type === 'count') byId[m.id] = b.doc_count;
          else if (m.type === 'math') {
            const vars: Record<string, number> = {};
            for (const v of m.variables) vars[v.name] = byId[v.field] ?? Number.NaN;
            byId[m.id] = evaluateMath(m.script, vars);
          } else byId[m.id] = b[m.id]?.value ?? null;
          (metrics[m.id] ??= []).push([b.key, byId[m.id]]);
        }
        return [b.key, byId[s.metrics[s.metrics.length - 1].id]] as [number, number | null];
      });
      lines.push({
        id: `${s.id}:${split.id}`,
        label: split.label,
        color: split.color,
        data: values,
        metrics,
      });
    }
  }
  return { kind: 'timeseries', lines };
}
