import { NYC_BOX } from '@tripstream/trip-schema';
import { MAP_ZOOM } from '../constants.js';
import { geohashPrecisionForZoom } from '../queries/geohash-precision-for-zoom.js';
import type { ObjectIds } from './object-ids.js';
import type { SavedObject } from './saved-object.js';
import { visualizationObject } from './visualization-object.js';

/**
 * Coordinate map (`tile_map`): a geohash grid over `location`, each cell shaded by the sum of
 * `pickup_count`, opening on the reference job's NYC box.
 */
export function pickupHotSpots(ids: ObjectIds): SavedObject {
  const mapCenter = [(NYC_BOX.minLat + NYC_BOX.maxLat) / 2, (NYC_BOX.minLon + NYC_BOX.maxLon) / 2];
  return visualizationObject({
    id: ids.hotSpots,
    title: `Pickup hot spots${ids.titleSuffix}`,
    description: 'Pickups per geohash cell: the sum of pickup_count over the time range.',
    indexPatternId: ids.pickupCountPattern,
    visState: {
      type: 'tile_map',
      params: {
        mapType: 'Shaded Geohash Grid',
        colorSchema: 'Yellow to Red',
        isDesaturated: true,
        addTooltip: true,
        heatClusterSize: 1.5,
        legendPosition: 'bottomright',
        mapZoom: MAP_ZOOM,
        mapCenter,
        wms: { enabled: false, options: { format: 'image/png', transparent: true } },
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
          type: 'geohash_grid',
          schema: 'segment',
          params: {
            field: 'location',
            autoPrecision: true,
            precision: geohashPrecisionForZoom(MAP_ZOOM),
            useGeocentroid: true,
            isFilteredByCollar: true,
            mapZoom: MAP_ZOOM,
            mapCenter,
          },
        },
      ],
    },
  });
}
