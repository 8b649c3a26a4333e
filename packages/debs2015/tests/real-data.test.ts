import { describe, expect, it } from 'vitest';
import { createDebsQuery } from '../src/index.js';
import { bruteFrequentRoutes, bruteProfitableCells } from './support/brute-force.js';
import { readFixture } from './support/read-fixture.js';

const run = (query: 1 | 2, trips: ReturnType<typeof readFixture>) => {
  const q = createDebsQuery(query);
  const lines: string[] = [];
  for (const trip of trips) {
    const line = q.process(trip);
    if (line !== undefined) lines.push(line);
  }
  return { lines, stats: q.stats() };
};

// medium = the DEBS 2015 stream's first 10k rows, large = the Flink training rides (see
// fixtures/README.md); both converted from the shared real data by tlc-to-wire. The from-scratch
// side costs O(trips x window): the rides' first 20,000 trips (dropoffs over 56 minutes, so the
// 30-minute windows slide fully) by default, all 46,449 with DEBS_FULL_DATA=1.
const ridesPrefix = process.env.DEBS_FULL_DATA === '1' ? Infinity : 20_000;

describe.each([
  { fixture: 'medium.jsonl.gz', name: 'DEBS 2015 data', take: Infinity },
  { fixture: 'large.jsonl.gz', name: 'Flink training rides', take: ridesPrefix },
])('$name: both queries equal the from-scratch computation, line for line', ({ fixture, take }) => {
  const trips = readFixture(fixture).slice(0, take);

  it('query 1, frequent routes', () => {
    const { lines, stats } = run(1, trips);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines).toEqual(bruteFrequentRoutes(trips));
    expect(stats.lines).toBe(lines.length);
    expect(stats.trips).toBe(trips.length);
    console.log(`${fixture} query 1: ${trips.length} trips, ${lines.length} lines`, stats);
  });

  it('query 2, profitable cells', () => {
    const { lines, stats } = run(2, trips);
    expect(lines).toEqual(bruteProfitableCells(trips));
    console.log(`${fixture} query 2: ${trips.length} trips, ${lines.length} lines`, stats);
  });
});
