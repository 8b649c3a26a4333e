// The DEBS 2015 queries computed from scratch at every trip, written independently of the
// package's operators: no over-window, no Top-N, no heaps — each trip's window is re-filtered from
// the trips kept so far, every count and median recomputed, every ranking re-sorted.
import type { TripEvent } from '@tripstream/trip-schema';

const MINUTE = 60_000;

interface Grid {
  lat: number;
  lon: number;
  dLat: number;
  dLon: number;
  n: number;
}
const Q1: Grid = { lat: 41.474937, lon: -74.913585, dLat: 0.004491556, dLon: 0.005986, n: 300 };
const Q2: Grid = { ...Q1, dLat: 0.004491556 / 2, dLon: 0.005986 / 2, n: 600 };

/** `[x, y]`, 1-based, or undefined outside: the definition of a cell. */
function cell(grid: Grid, lat: number, lon: number): [number, number] | undefined {
  const x = Math.floor((lon - (grid.lon - grid.dLon / 2)) / grid.dLon) + 1;
  const y = Math.floor((grid.lat + grid.dLat / 2 - lat) / grid.dLat) + 1;
  return x >= 1 && x <= grid.n && y >= 1 && y <= grid.n ? [x, y] : undefined;
}

interface Kept {
  trip: TripEvent;
  seq: number;
  dropoff: number;
  from: [number, number];
  to: [number, number];
}

/** Trips in the grid, in input order, with the time (max dropoff so far) each one sees. */
function* timeline(trips: readonly TripEvent[], grid: Grid) {
  let time = -Infinity;
  let seq = 0;
  for (const trip of trips) {
    const position = seq++;
    const from = cell(grid, trip.pickup_latitude, trip.pickup_longitude);
    const to = cell(grid, trip.dropoff_latitude, trip.dropoff_longitude);
    if (!from || !to) continue;
    const dropoff = Date.parse(trip.dropoff_datetime);
    const before = time;
    time = Math.max(time, dropoff);
    yield { kept: { trip, seq: position, dropoff, from, to } as Kept, before, time };
  }
}

const id = ([x, y]: [number, number]) => `${x}.${y}`;

/** Query 1 from scratch: every output line, without the delay column. */
export function bruteFrequentRoutes(trips: readonly TripEvent[]): string[] {
  const lines: string[] = [];
  let kept: (Kept & { route: number })[] = [];
  let previous = '';
  for (const { kept: k, before, time } of timeline(trips, Q1)) {
    // Arriving 30 min or more behind the time, a trip is in no window now or later.
    if (k.dropoff > before - 30 * MINUTE) {
      // A number per route, for a faster Map: (x1, y1, x2, y2), each 1..300.
      const route = ((k.from[0] * 301 + k.from[1]) * 301 + k.to[0]) * 301 + k.to[1];
      kept.push({ ...k, route });
    }
    // Trips at or before time - 30 min can never be in a window again.
    if (kept.some((t) => t.dropoff <= time - 30 * MINUTE)) {
      kept = kept.filter((t) => t.dropoff > time - 30 * MINUTE);
    }
    const routes = new Map<number, { count: number; last: Kept }>();
    for (const t of kept) {
      const r = routes.get(t.route);
      if (!r) routes.set(t.route, { count: 1, last: t });
      else {
        r.count++;
        if (t.dropoff > r.last.dropoff || (t.dropoff === r.last.dropoff && t.seq > r.last.seq)) {
          r.last = t;
        }
      }
    }
    const top = best(
      routes,
      (a, b) => b.count - a.count || b.last.dropoff - a.last.dropoff || b.last.seq - a.last.seq,
    );
    const ranking = [
      ...top.map((key) => `${id(routes.get(key)!.last.from)},${id(routes.get(key)!.last.to)}`),
      ...Array(10 - top.length).fill('NULL,NULL'),
    ].join(',');
    if (ranking !== previous && !(previous === '' && top.length === 0)) {
      lines.push(`${k.trip.pickup_datetime},${k.trip.dropoff_datetime},${ranking}`);
    }
    previous = ranking;
  }
  return lines;
}

/** The keys of the 10 best entries: a full sort would be the same, only slower. */
function best<K, V>(entries: Map<K, V>, compare: (a: V, b: V) => number): K[] {
  const top: [K, V][] = [];
  for (const entry of entries) {
    if (top.length === 10 && compare(entry[1], top[9][1]) >= 0) continue;
    top.push(entry);
    top.sort((a, b) => compare(a[1], b[1]));
    if (top.length > 10) top.pop();
  }
  return top.map(([key]) => key);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Query 2 from scratch: every output line, without the delay column. */
export function bruteProfitableCells(trips: readonly TripEvent[]): string[] {
  const lines: string[] = [];
  // Cell names and profits are worked out once per trip; everything per window is redone per trip.
  let kept: (Kept & { fromId: string; toId: string; profit?: number })[] = [];
  let figures = new Map<string, string>();
  const updated = new Map<string, number>();
  let previous = '';
  for (const { kept: k, before, time } of timeline(trips, Q2)) {
    if (k.dropoff > before - 30 * MINUTE) {
      const fare = k.trip.fare_amount;
      kept.push({
        ...k,
        fromId: id(k.from),
        toId: id(k.to),
        profit: fare === undefined ? undefined : fare + (k.trip.tip_amount ?? 0),
      });
    }
    if (kept.some((t) => t.dropoff <= time - 30 * MINUTE)) {
      kept = kept.filter((t) => t.dropoff > time - 30 * MINUTE);
    }
    // Profit: fare + tip of trips that started in the cell and dropped off in the last 15 min.
    const profits = new Map<string, number[]>();
    for (const t of kept) {
      if (t.dropoff <= time - 15 * MINUTE || t.profit === undefined) continue;
      const list = profits.get(t.fromId);
      if (list) list.push(t.profit);
      else profits.set(t.fromId, [t.profit]);
    }
    // Empty taxis: each taxi's latest trip, if it dropped off in the last 30 min. Only cells with
    // a profit can rank, and a cell's last update is where its figures last changed while it had a
    // profit (or got one), so the other cells' taxis need not be counted.
    const latest = new Map<string, Kept & { toId: string }>();
    for (const t of profits.size === 0 ? [] : kept) {
      const m = t.trip.medallion;
      if (m === undefined) continue;
      const l = latest.get(m);
      if (!l || t.dropoff > l.dropoff || (t.dropoff === l.dropoff && t.seq > l.seq))
        latest.set(m, t);
    }
    const empty = new Map<string, number>();
    for (const t of latest.values()) empty.set(t.toId, (empty.get(t.toId) ?? 0) + 1);
    // A cell is updated when its (median, empty taxis) differ from what they were a trip earlier.
    const medians = new Map<string, number>();
    const now = new Map<string, string>();
    for (const [c, p] of profits) {
      medians.set(c, median(p));
      now.set(c, `${medians.get(c)}/${empty.get(c) ?? 0}`);
    }
    for (const c of new Set([...now.keys(), ...figures.keys()])) {
      if (now.get(c) !== figures.get(c)) updated.set(c, k.seq);
    }
    figures = now;
    const ranked = [...profits.keys()]
      .filter((c) => (empty.get(c) ?? 0) > 0)
      .map((c) => {
        const m = medians.get(c)!;
        const e = empty.get(c)!;
        const [x, y] = c.split('.').map(Number);
        return { c, m, e, p: m / e, u: updated.get(c)!, x, y };
      })
      .sort((a, b) => b.p - a.p || b.u - a.u || a.x - b.x || a.y - b.y)
      .slice(0, 10);
    const ranking = [
      ...ranked.map((r) => `${r.c},${r.e},${r.m},${r.p}`),
      ...Array(10 - ranked.length).fill('NULL,NULL,NULL,NULL'),
    ].join(',');
    if (ranking !== previous && !(previous === '' && ranked.length === 0)) {
      lines.push(`${k.trip.pickup_datetime},${k.trip.dropoff_datetime},${ranking}`);
    }
    previous = ranking;
  }
  return lines;
}
