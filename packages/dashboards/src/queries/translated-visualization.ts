/** An OpenSearch search: the index (or pattern) and the request body. */
export interface SearchRequest {
  index: string;
  body: Record<string, unknown>;
}

/** A column of an aggregation-based visualization's result table. */
export interface AggColumn {
  /** The agg id in `visState.aggs` (`centroid` for the map's geo_centroid). */
  id: string;
  /** Aggregation type: `geohash_grid`, `terms`, `date_histogram`, `sum`, `geo_centroid`... */
  type: string;
  field?: string;
  label: string;
}

/** Buckets of an aggregation-based visualization, one row per innermost bucket (Dashboards' "tabify"). */
export interface AggTableResult {
  kind: 'table';
  columns: AggColumn[];
  /** Values by column id: bucket keys (string, or epoch ms for dates), metric values, centroids. */
  rows: Record<string, unknown>[];
}

/** One line of a TSVB time series. */
export interface TimeSeriesLine {
  /** `<series id>:<split id>`. */
  id: string;
  /** The split's label (e.g. `JFK`), or the series label when not split. */
  label: string;
  color?: string;
  /** `[epoch ms, value]` per bucket of the last metric; `null` where it is undefined. */
  data: [number, number | null][];
  /** Every metric's value per bucket, by metric id (the inputs of a `math` metric, for example). */
  metrics: Record<string, [number, number | null][]>;
}

/** What a TSVB time series draws. */
export interface TimeSeriesResult {
  kind: 'timeseries';
  lines: TimeSeriesLine[];
}

/** A visualization's result, as its chart would draw it. */
export type VisualizationResult = AggTableResult | TimeSeriesResult;

/** A visualization turned into the search it runs, and the reading of its answer. */
export interface TranslatedVisualization {
  id: string;
  title: string;
  /** `visState.type`: tile_map, metrics, table, histogram, metric. */
  visType: string;
  request: SearchRequest;
  /** Reads the search response body into what the chart draws. */
  parse(responseBody: unknown): VisualizationResult;
}
