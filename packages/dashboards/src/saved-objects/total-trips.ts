import type { ObjectIds } from './object-ids.js';
import type { SavedObject } from './saved-object.js';
import { visualizationObject } from './visualization-object.js';

/** Metric: trips kept by the NYC filter over the whole time range (sum of `pickup_count`). */
export function totalTrips(ids: ObjectIds): SavedObject {
  return visualizationObject({
    id: ids.totalTrips,
    title: `Total trips${ids.titleSuffix}`,
    description: 'Trips kept by the NYC filter over the time range (sum of pickup_count).',
    indexPatternId: ids.pickupCountPattern,
    visState: {
      type: 'metric',
      params: {
        addTooltip: true,
        addLegend: false,
        type: 'metric',
        metric: {
          percentageMode: false,
          useRanges: false,
          colorSchema: 'Green to Red',
          metricColorMode: 'None',
          colorsRange: [{ from: 0, to: 10000 }],
          labels: { show: true },
          invertColors: false,
          style: { bgFill: '#000', bgColor: false, labelColor: false, subText: '', fontSize: 60 },
        },
      },
      aggs: [
        {
          id: '1',
          enabled: true,
          type: 'sum',
          schema: 'metric',
          params: { field: 'pickup_count', customLabel: 'Trips' },
        },
      ],
    },
  });
}
