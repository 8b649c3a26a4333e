import type { GeoBox } from './box.js';

/** True when the point lies in the box, edges included. */
export function inBox(box: GeoBox, latitude: number, longitude: number): boolean {
  return (
    latitude >= box.minLat &&
    latitude <= box.maxLat &&
    longitude >= box.minLon &&
    longitude <= box.maxLon
  );
}
