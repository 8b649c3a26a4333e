import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { JFK_BOX, LGA_BOX, NYC_BOX } from '@tripstream/trip-schema';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { httpSearchClient, type SearchClient } from '../http/search-client.js';
import type { SigV4Options } from '../http/sigv4-options.js';
import { indexNames } from '../index-names.js';
import type {
  AggTableResult,
  TimeSeriesResult,
  TranslatedVisualization,
} from '../queries/translated-visualization.js';
import { translateVisualizations } from '../queries/translate-visualizations.js';
import { objectIds } from '../saved-objects/object-ids.js';
import { DURATION_METRIC_IDS } from '../saved-objects/trip-duration-by-airport.js';
import { savedObjectList } from '../saved-objects/saved-object-list.js';
import {
  resolveSavedObjectsOptions,
  resolveTimeRange,
  type TimeRange,
} from '../saved-objects/saved-objects-options.js';
import { dataTimeRange } from './data-time-range.js';
import { geohashBounds } from './geohash-bounds.js';
import { nycBoroughs } from './nyc-boroughs.js';
import { reportHtml } from './report-html.js';
import type { ReportModel, ReportSeries } from './report-model.js';

/** Options of {@link renderReport}. */
export interface RenderReportOptions {
  /**
   * The OpenSearch the processor wrote to: a URL such as `http://127.0.0.1:9200`, or a client
   * with a `search` method (an `@opensearch-project/opensearch` `Client` fits). Required.
   */
  opensearch: string | SearchClient;
  /** The processor's `--index-prefix`. Default `''`. */
  indexPrefix?: string;
  /** Where to write the HTML file; parent directories are created. Required. */
  out: string;
  /** Time range to report (ISO-8601 instants). Default: the data's, see `dataTimeRange`. */
  timeRange?: TimeRange;
  /** Bucket width of the time charts, as for the saved objects. Default `1h`. */
  interval?: string;
  /** Sign requests (only when `opensearch` is a URL). Default: unsigned. */
  sigv4?: SigV4Options;
}

/** What {@link renderReport} drew. */
export interface RenderReportResult {
  /** Absolute path of the written file. */
  path: string;
  /** Geohash cells on the hot-spot map. */
  cells: number;
  /** The duration lines, one per airport. */
  series: ReportSeries[];
  /** Trips kept by the NYC filter over the time range (sum of pickup_count). */
  totalTrips: number;
  timeRange: TimeRange;
}

/**
 * Writes a self-contained HTML page (ECharts inlined, no network access) with the dashboard's
 * views, drawn from live queries: the hot-spot map as geohash cells on longitude/latitude axes
 * over the borough outlines, with the NYC, JFK and LGA boxes, the duration lines per airport, the
 * total, trips per window, and the top cells, each in its own card. The queries are the saved visualizations' own, translated by `translateVisualizations`.
 *
 * @throws InvalidOptionError for bad options.
 * @throws NoDataError when no time range is given and the pickup_count index is empty.
 * @throws OpenSearchQueryError / ServerUnreachableError when a search fails.
 */
export async function renderReport(options: RenderReportOptions): Promise<RenderReportResult> {
  if (typeof options.out !== 'string' || options.out === '') {
    throw new InvalidOptionError('out', options.out, 'must be a file path');
  }
  if (!options.opensearch) {
    throw new InvalidOptionError('opensearch', options.opensearch, 'must be a URL or a client');
  }
  const { indexPrefix, interval } = resolveSavedObjectsOptions({
    indexPrefix: options.indexPrefix,
    interval: options.interval,
  });
  const client =
    typeof options.opensearch === 'string'
      ? httpSearchClient(options.opensearch, { sigv4: options.sigv4 })
      : options.opensearch;
  const timeRange = options.timeRange
    ? resolveTimeRange(options.timeRange, 'timeRange')
    : await dataTimeRange(client, indexPrefix);

  const objects = savedObjectList({ indexPrefix, timeRange, interval });
  const ids = objectIds(indexPrefix);
  const translated = new Map(translateVisualizations(objects, timeRange).map((t) => [t.id, t]));
  const run = async (id: string) => {
    const t = translated.get(id) as TranslatedVisualization;
    const { body } = await client.search(t.request);
    return t.parse(body);
  };
  const [grid, duration, total, perWindow, top, boroughs] = await Promise.all([
    run(ids.hotSpots) as Promise<AggTableResult>,
    run(ids.tripDuration) as Promise<TimeSeriesResult>,
    run(ids.totalTrips) as Promise<AggTableResult>,
    run(ids.tripsPerWindow) as Promise<AggTableResult>,
    run(ids.topCells) as Promise<AggTableResult>,
    nycBoroughs(),
  ]);

  const column = (r: AggTableResult, type: string) => r.columns.find((c) => c.type === type)!.id;
  const gridKey = column(grid, 'geohash_grid');
  const gridSum = column(grid, 'sum');
  const cells = grid.rows.map((row) => {
    const hash = String(row[gridKey]);
    return { hash, pickups: Number(row[gridSum]), ...geohashBounds(hash) };
  });
  const precision = cells[0]?.hash.length ?? 0;
  const series: ReportSeries[] = duration.lines.map((line) => {
    const { minutes: minutesId, trips: tripsId } = DURATION_METRIC_IDS;
    return {
      name: line.label,
      color: line.color,
      points: line.data.map(([time, value], i) => ({
        time: new Date(time).toISOString(),
        avgTripDuration: value,
        minutes: line.metrics[minutesId][i][1] ?? 0,
        trips: line.metrics[tripsId][i][1] ?? 0,
      })),
    };
  });
  const totalSum = column(total, 'sum');
  const totalTrips = Number(total.rows[0]?.[totalSum] ?? 0);
  const windowKey = column(perWindow, 'date_histogram');
  const windowSum = column(perWindow, 'sum');
  const topKey = column(top, 'terms');
  const topSum = column(top, 'sum');

  const names = indexNames(indexPrefix);
  const model: ReportModel = {
    title: `NYC taxi: pickups and airport trips${ids.titleSuffix}`,
    generatedAt: new Date().toISOString(),
    timeRange,
    indices: names,
    precision,
    cells,
    boroughs,
    boxes: [
      { name: 'NYC', ...NYC_BOX },
      { name: 'JFK', ...JFK_BOX },
      { name: 'LGA', ...LGA_BOX },
    ],
    totalTrips,
    series,
    tripsPerWindow: perWindow.rows.map((row) => ({
      time: new Date(Number(row[windowKey])).toISOString(),
      trips: Number(row[windowSum]),
    })),
    topCells: top.rows.map((row) => {
      const hash = String(row[topKey]);
      const b = geohashBounds(hash);
      return {
        hash,
        pickups: Number(row[topSum]),
        lat: (b.south + b.north) / 2,
        lon: (b.west + b.east) / 2,
      };
    }),
  };
  const path = resolve(options.out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await reportHtml(model));
  return { path, cells: cells.length, series, totalTrips, timeRange };
}
