/** A latitude/longitude rectangle in degrees; both edges belong to the box. */
export interface GeoBox {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLon: number;
  readonly maxLon: number;
}

/** New York City as the reference job draws it; a trip counts only if both ends are inside. */
export const NYC_BOX: GeoBox = Object.freeze({
  minLat: 40.56,
  maxLat: 40.878,
  minLon: -74.054,
  maxLon: -73.722,
});

/** John F. Kennedy International Airport. */
export const JFK_BOX: GeoBox = Object.freeze({
  minLat: 40.632,
  maxLat: 40.654,
  minLon: -73.8,
  maxLon: -73.761,
});

/** LaGuardia Airport. */
export const LGA_BOX: GeoBox = Object.freeze({
  minLat: 40.766,
  maxLat: 40.778,
  minLon: -73.881,
  maxLon: -73.859,
});
