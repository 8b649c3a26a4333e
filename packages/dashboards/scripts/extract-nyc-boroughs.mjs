#!/usr/bin/env node
// Writes assets/nyc-boroughs.geojson: the five New York City counties (= boroughs) from the U.S.
// Census Bureau's cartographic boundary file, as redistributed in TopoJSON by the npm package
// `us-atlas` (a devDependency). Run from the repository root after `npm ci`:
//
//   node packages/dashboards/scripts/extract-nyc-boroughs.mjs
//
// The output is deterministic; assets/nyc-boroughs.PROVENANCE.md says where the data comes from.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const require = createRequire(import.meta.url);
const ATLAS = 'us-atlas/counties-10m.json';
const OUT = new URL('../assets/nyc-boroughs.geojson', import.meta.url);

/** County FIPS code -> borough. The county names are the Census Bureau's. */
const BOROUGHS = {
  36005: 'Bronx',
  36047: 'Brooklyn',
  36061: 'Manhattan',
  36081: 'Queens',
  36085: 'Staten Island',
};

/** Decimal places kept: 1e-5 degrees is about a metre, far below the source's simplification. */
const DIGITS = 5;

const topology = JSON.parse(readFileSync(require.resolve(ATLAS), 'utf8'));
const { scale, translate } = topology.transform;

// TopoJSON arcs are quantised and delta-encoded: each position adds to the one before it.
const arcs = topology.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [round(x * scale[0] + translate[0]), round(y * scale[1] + translate[1])];
  });
});

function round(v) {
  return Number(v.toFixed(DIGITS));
}

/** A ring from its arc indexes; index ~i is arc i reversed. Arcs share their end points. */
function ring(indexes) {
  const points = [];
  for (const index of indexes) {
    const arc = index < 0 ? [...arcs[~index]].reverse() : arcs[index];
    points.push(...(points.length === 0 ? arc : arc.slice(1)));
  }
  return points;
}

/** Area-weighted centroid of a ring (shoelace), for the borough's label. */
function centroid(points) {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[i + 1];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { area: Math.abs(area / 2), point: [round(cx / (3 * area)), round(cy / (3 * area))] };
}

const features = topology.objects.counties.geometries
  .filter((g) => g.id in BOROUGHS)
  .sort((a, b) => a.id.localeCompare(b.id))
  .map((g) => {
    const polygons =
      g.type === 'Polygon' ? [g.arcs.map(ring)] : g.arcs.map((polygon) => polygon.map(ring));
    const largest = polygons
      .map((polygon) => centroid(polygon[0]))
      .reduce((a, b) => (b.area > a.area ? b : a));
    return {
      type: 'Feature',
      id: g.id,
      properties: {
        borough: BOROUGHS[g.id],
        county: g.properties.name,
        fips: g.id,
        // Where to write the name: the centroid of the largest polygon.
        label: largest.point,
      },
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    };
  });

if (features.length !== 5) throw new Error(`expected 5 boroughs, found ${features.length}`);
const atlas = require('us-atlas/package.json');
const collection = {
  type: 'FeatureCollection',
  source: `U.S. Census Bureau cartographic boundary counties 2017, via ${atlas.name}@${atlas.version} ${ATLAS.split('/')[1]}`,
  features,
};
// Formatted as the repository's prettier check wants it.
const options = { ...(await resolveConfig(fileURLToPath(OUT))), parser: 'json' };
writeFileSync(OUT, await format(JSON.stringify(collection), options));
const points = features.reduce((n, f) => n + f.geometry.coordinates.flat(2).length, 0);
console.log(`wrote ${OUT.pathname}: ${features.length} boroughs, ${points} points`);
