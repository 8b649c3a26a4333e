/** Ids and titles of every saved object for one index prefix. */
export interface ObjectIds {
  pickupCountPattern: string;
  tripDurationPattern: string;
  hotSpots: string;
  tripDuration: string;
  topCells: string;
  tripsPerWindow: string;
  totalTrips: string;
  dashboard: string;
  /** Appended to every visualization and dashboard title: `''` or ` [<prefix>]`. */
  titleSuffix: string;
}

/** The saved-object ids for `indexPrefix`; stable, so a re-import overwrites instead of duplicating. */
export function objectIds(indexPrefix: string): ObjectIds {
  const id = (name: string) => `tripstream-${indexPrefix}${name}`;
  return {
    pickupCountPattern: id('pickup_count'),
    tripDurationPattern: id('trip_duration'),
    hotSpots: id('pickup-hot-spots'),
    tripDuration: id('trip-duration-by-airport'),
    topCells: id('top-pickup-cells'),
    tripsPerWindow: id('trips-per-window'),
    totalTrips: id('total-trips'),
    dashboard: id('dashboard'),
    titleSuffix: indexPrefix ? ` [${indexPrefix}]` : '',
  };
}
