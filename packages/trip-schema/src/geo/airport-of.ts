import { JFK_BOX, LGA_BOX } from './box.js';
import { inBox } from './in-box.js';

/** The airports the reference job knows. */
export type AirportCode = 'JFK' | 'LGA';

/** Which airport box holds the point, if any (the boxes do not overlap). */
export function airportOf(latitude: number, longitude: number): AirportCode | undefined {
  if (inBox(JFK_BOX, latitude, longitude)) return 'JFK';
  if (inBox(LGA_BOX, latitude, longitude)) return 'LGA';
  return undefined;
}
