import { TOP_CELLS } from '../constants.js';
import type { ObjectIds } from './object-ids.js';
import type { SavedObject } from './saved-object.js';
import { visualizationObject } from './visualization-object.js';

/** Data table: the pickup cells (geohash-7) with the most pickups over the time range. */
export function topPickupCells(ids: ObjectIds): SavedObject {
  return visualizationObject({
    id: ids.topCells,
    title: `Top pickup cells${ids.titleSuffix}`,
    description: `The ${TOP_CELLS} geohash cells with the most pickups.`,
    indexPatternId: ids.pickupCountPattern,
    visState: {
      type: 'table',
      params: {
        perPage: TOP_CELLS,
        showPartialRows: false,
        showMetricsAtAllLevels: false,
        sort: { columnIndex: null, direction: null },
        showTotal: false,
        totalFunc: 'sum',
        percentageCol: '',
      },
      aggs: [
        {
          id: '1',
          enabled: true,
          type: 'sum',
          schema: 'metric',
          params: { field: 'pickup_count', customLabel: 'Pickups' },
        },
        {
          id: '2',
          enabled: true,
          type: 'terms',
          schema: 'bucket',
          params: {
            field: 'geohash',
            orderBy: '1',
            order: 'desc',
            size: TOP_CELLS,
            otherBucket: false,
            missingBucket: false,
            customLabel: 'Pickup cell',
          },
        },
      ],
    },
  });
}
