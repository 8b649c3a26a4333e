import { readFile } from 'node:fs/promises';
import type { ReportBorough } from './report-model.js';

/**
 * The borough outlines shipped in the package's `assets` folder: U.S. Census Bureau cartographic
 * boundary counties (public domain), extracted by `scripts/extract-nyc-boroughs.mjs`; see
 * `assets/nyc-boroughs.PROVENANCE.md`.
 */
const BOROUGHS_FILE = new URL('../../assets/nyc-boroughs.geojson', import.meta.url);

interface BoroughFeature {
  properties: { borough: string; fips: string; label: [number, number] };
  geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] };
}

/** The five boroughs, each as its outer rings (lon, lat) and a point for its name. */
export async function nycBoroughs(): Promise<ReportBorough[]> {
  const collection = JSON.parse(await readFile(BOROUGHS_FILE, 'utf8')) as {
    features: BoroughFeature[];
  };
  return collection.features.map((f) => ({
    name: f.properties.borough,
    fips: f.properties.fips,
    label: f.properties.label,
    // Outer rings only: none of the five has a hole at this resolution.
    rings: f.geometry.coordinates.map((polygon) => polygon[0]),
  }));
}
