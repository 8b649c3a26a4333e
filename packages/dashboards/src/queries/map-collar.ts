import { MAP_VIEWPORT_PX } from '../constants.js';

/** A `geo_bounding_box` corner pair. */
export interface BoundingBox {
  top_left: { lat: number; lon: number };
  bottom_right: { lat: number; lon: number };
}

/**
 * The box Kibana's coordinate map filters its geohash grid to (`isFilteredByCollar`): the map's
 * visible bounds, for a Web Mercator viewport of `viewport` pixels centred on `center` at `zoom`,
 * widened by half their size on every side (the "collar") so panning does not refetch at once.
 */
export function mapCollar(
  center: readonly [number, number],
  zoom: number,
  viewport: { width: number; height: number } = MAP_VIEWPORT_PX,
): BoundingBox {
  const worldPx = 256 * 2 ** zoom;
  const [lat, lon] = center;
  const halfLon = ((viewport.width / 2) * 360) / worldPx;
  const y = Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const halfY = ((viewport.height / 2) * 2 * Math.PI) / worldPx;
  const toLat = (my: number) => ((2 * Math.atan(Math.exp(my)) - Math.PI / 2) * 180) / Math.PI;
  const north = toLat(y + halfY);
  const south = toLat(y - halfY);
  const latPad = (north - south) / 2;
  const clampLat = (v: number) => Math.max(-90, Math.min(90, v));
  const clampLon = (v: number) => Math.max(-180, Math.min(180, v));
  return {
    top_left: { lat: clampLat(north + latPad), lon: clampLon(lon - 2 * halfLon) },
    bottom_right: { lat: clampLat(south - latPad), lon: clampLon(lon + 2 * halfLon) },
  };
}
