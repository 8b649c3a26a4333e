import type { ObjectIds } from './object-ids.js';
import type { SavedObject } from './saved-object.js';
import { visualizationObject } from './visualization-object.js';

/** Vertical bar chart: trips (sum of `pickup_count`) per window, by window end. */
export function tripsPerWindow(ids: ObjectIds, interval: string): SavedObject {
  return visualizationObject({
    id: ids.tripsPerWindow,
    title: `Trips per window${ids.titleSuffix}`,
    description: 'Trips kept by the NYC filter per window (sum of pickup_count).',
    indexPatternId: ids.pickupCountPattern,
    visState: {
      type: 'histogram',
      params: {
        type: 'histogram',
        grid: { categoryLines: false },
        categoryAxes: [
          {
            id: 'CategoryAxis-1',
            type: 'category',
            position: 'bottom',
            show: true,
            style: {},
            scale: { type: 'linear' },
            labels: { show: true, filter: true, truncate: 100 },
            title: {},
          },
        ],
        valueAxes: [
          {
            id: 'ValueAxis-1',
            name: 'LeftAxis-1',
            type: 'value',
            position: 'left',
            show: true,
            style: {},
            scale: { type: 'linear', mode: 'normal' },
            labels: { show: true, rotate: 0, filter: false, truncate: 100 },
            title: { text: 'Trips' },
          },
        ],
        seriesParams: [
          {
            show: true,
            type: 'histogram',
            mode: 'stacked',
            data: { label: 'Trips', id: '1' },
            valueAxis: 'ValueAxis-1',
            drawLinesBetweenPoints: true,
            lineWidth: 2,
            showCircles: true,
          },
        ],
        addTooltip: true,
        addLegend: false,
        legendPosition: 'right',
        times: [],
        addTimeMarker: false,
        labels: { show: false },
      },
      aggs: [
        {
          id: '1',
          enabled: true,
          type: 'sum',
          schema: 'metric',
          params: { field: 'pickup_count', customLabel: 'Trips' },
        },
        {
          id: '2',
          enabled: true,
          type: 'date_histogram',
          schema: 'segment',
          params: {
            field: 'timestamp',
            interval,
            min_doc_count: 1,
            extended_bounds: {},
            drop_partials: false,
            customLabel: 'Window end',
          },
        },
      ],
    },
  });
}
