import { TAXI_INDEX_MAPPINGS } from '@tripstream/reference-job';
import { indexNames } from '../index-names.js';
import { dashboardObject } from './dashboard-object.js';
import { indexPatternObject } from './index-pattern-object.js';
import { objectIds } from './object-ids.js';
import { pickupHotSpots } from './pickup-hot-spots.js';
import type { SavedObject } from './saved-object.js';
import { resolveSavedObjectsOptions, type SavedObjectsOptions } from './saved-objects-options.js';
import { topPickupCells } from './top-pickup-cells.js';
import { totalTrips } from './total-trips.js';
import { tripDurationByAirport } from './trip-duration-by-airport.js';
import { tripsPerWindow } from './trips-per-window.js';

/**
 * Every saved object, referenced objects first (index patterns, visualizations, dashboard), as
 * plain objects; {@link savedObjects} serialises the same list.
 *
 * @throws InvalidOptionError for a bad option.
 */
export function savedObjectList(options?: SavedObjectsOptions): SavedObject[] {
  const { indexPrefix, timeRange, interval } = resolveSavedObjectsOptions(options);
  const ids = objectIds(indexPrefix);
  const names = indexNames(indexPrefix);
  const hotSpots = pickupHotSpots(ids);
  const duration = tripDurationByAirport(ids, names, interval);
  const total = totalTrips(ids);
  const perWindow = tripsPerWindow(ids, interval);
  const topCells = topPickupCells(ids);
  return [
    indexPatternObject(ids.pickupCountPattern, names.pickupCount, TAXI_INDEX_MAPPINGS.pickup_count),
    indexPatternObject(
      ids.tripDurationPattern,
      names.tripDuration,
      TAXI_INDEX_MAPPINGS.trip_duration,
    ),
    hotSpots,
    duration,
    total,
    perWindow,
    topCells,
    dashboardObject(
      ids.dashboard,
      `NYC taxi: pickups and airport trips${ids.titleSuffix}`,
      [
        { visualizationId: hotSpots.id, x: 0, y: 0, w: 24, h: 22 },
        { visualizationId: duration.id, x: 24, y: 0, w: 24, h: 22 },
        { visualizationId: total.id, x: 0, y: 22, w: 10, h: 13 },
        { visualizationId: perWindow.id, x: 10, y: 22, w: 20, h: 13 },
        { visualizationId: topCells.id, x: 30, y: 22, w: 18, h: 13 },
      ],
      timeRange,
    ),
  ];
}
