import { AIRPORTS } from '../constants.js';
import type { IndexNames } from '../index-names.js';
import type { ObjectIds } from './object-ids.js';
import type { SavedObject } from './saved-object.js';
import { visualizationObject } from './visualization-object.js';

/** Line colours of the airports, in {@link AIRPORTS} order (Dashboards' palette). */
const COLORS = ['#54B399', '#6092C0'];

/** Ids of the TSVB metrics: the two sums and their ratio (the line drawn). */
export const DURATION_METRIC_IDS = Object.freeze({
  minutes: 'sum-trip-duration',
  trips: 'sum-trip-count',
  average: 'avg-trip-duration-ratio',
});

/**
 * TSVB time series: average trip duration to each airport per window, computed as
 * sum(sum_trip_duration) / sum(trip_count) by a TSVB `math` metric over two `sum` metrics.
 * Both sums are plain aggregations; the division runs in the Dashboards server, so no scripting
 * module is needed in OpenSearch, and windows holding more trips weigh more (an average of
 * `avg_trip_duration` would not).
 */
export function tripDurationByAirport(
  ids: ObjectIds,
  names: IndexNames,
  interval: string,
): SavedObject {
  return visualizationObject({
    id: ids.tripDuration,
    title: `Average trip duration to JFK and LGA${ids.titleSuffix}`,
    description:
      'Minutes per trip to each airport per window: sum(sum_trip_duration) / sum(trip_count).',
    visState: {
      type: 'metrics',
      aggs: [],
      params: {
        id: 'tripstream-duration-panel',
        type: 'timeseries',
        index_pattern: names.tripDuration,
        time_field: 'timestamp',
        interval: `>=${interval}`,
        drop_last_bucket: 0,
        filter: { query: '', language: 'kuery' },
        axis_position: 'left',
        axis_formatter: 'number',
        axis_scale: 'normal',
        show_legend: 1,
        legend_position: 'bottom',
        show_grid: 1,
        tooltip_mode: 'show_all',
        isModelInvalid: false,
        annotations: [],
        series: [
          {
            id: 'avg-trip-duration',
            label: 'Average trip duration (min)',
            color: COLORS[0],
            split_mode: 'filters',
            split_filters: AIRPORTS.map((airport, i) => ({
              id: airport.toLowerCase(),
              label: airport,
              color: COLORS[i],
              filter: { query: `airport_code : "${airport}"`, language: 'kuery' },
            })),
            metrics: [
              { id: DURATION_METRIC_IDS.minutes, type: 'sum', field: 'sum_trip_duration' },
              { id: DURATION_METRIC_IDS.trips, type: 'sum', field: 'trip_count' },
              {
                id: DURATION_METRIC_IDS.average,
                type: 'math',
                script: 'params.minutes / params.trips',
                variables: [
                  { id: 'var-minutes', name: 'minutes', field: DURATION_METRIC_IDS.minutes },
                  { id: 'var-trips', name: 'trips', field: DURATION_METRIC_IDS.trips },
                ],
              },
            ],
            chart_type: 'line',
            line_width: 2,
            point_size: 3,
            fill: 0,
            stacked: 'none',
            formatter: 'number',
            value_template: '{{value}} min',
            separate_axis: 0,
            axis_position: 'right',
            override_index_pattern: 0,
          },
        ],
      },
    },
  });
}
