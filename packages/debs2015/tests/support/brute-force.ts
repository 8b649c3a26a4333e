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

/**
 * The trips of the last 30 minutes, as parallel arrays: the from-scratch passes read every one of
 * them at every trip, and arrays of numbers keep that fast enough for the real data. Per trip
 * fixed facts only (its time, position, cells, taxi, profit), no window state.
 */
class Window {
  readonly dropoff: number[] = [];
  readonly seq: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly c: number[] = [];
  readonly d: number[] = [];

  get length(): number {
    return this.seq.length;
  }

  push(dropoff: number, seq: number, a: number, b: number, c = 0, d = 0): void {
    this.dropoff.push(dropoff);
    this.seq.push(seq);
    this.a.push(a);
    this.b.push(b);
    this.c.push(c);
    this.d.push(d);
  }

  /** Drops the trips at or before `bound`, keeping the others in order. */
  expire(bound: number): void {
    const dropoff = this.dropoff;
    if (!dropoff.some((t) => t <= bound)) return;
    for (const column of [this.seq, this.a, this.b, this.c, this.d, dropoff]) {
      let j = 0;
      for (let i = 0; i < column.length; i++) if (dropoff[i] > bound) column[j++] = column[i];
      column.length = j;
    }
  }
}

/** Query 1 from scratch: every output line, without the delay column. */
export function bruteFrequentRoutes(trips: readonly TripEvent[]): string[] {
  const lines: string[] = [];
  // a: the route's dense index (fixed per route, not per window).
  const kept = new Window();
  const routeIndex = new Map<number, number>();
  const routeName: string[] = [];
  let counts = new Int32Array(1024);
  let last = new Int32Array(1024);
  let previous = '';
  for (const { kept: k, before, time } of timeline(trips, Q1)) {
    // Arriving 30 min or more behind the time, a trip is in no window now or later.
    if (k.dropoff > before - 30 * MINUTE) {
      // A number per route: (x1, y1, x2, y2), each 1..300.
      const number = ((k.from[0] * 301 + k.from[1]) * 301 + k.to[0]) * 301 + k.to[1];
      let route = routeIndex.get(number);
      if (route === undefined) {
        route = routeIndex.size;
        routeIndex.set(number, route);
        routeName.push(`${id(k.from)},${id(k.to)}`);
        if (route >= counts.length) {
          counts = grow(counts);
          last = grow(last);
        }
      }
      kept.push(k.dropoff, k.seq, route, 0);
    }
    // Trips at or before time - 30 min can never be in a window again.
    kept.expire(time - 30 * MINUTE);
    const { dropoff, seq, a: routeOf } = kept;
    const present: number[] = [];
    for (let i = 0; i < kept.length; i++) {
      const r = routeOf[i];
      if (counts[r]++ === 0) {
        present.push(r);
        last[r] = i;
      } else {
        const l = last[r];
        if (dropoff[i] > dropoff[l] || (dropoff[i] === dropoff[l] && seq[i] > seq[l])) last[r] = i;
      }
    }
    const rank = (x: number, y: number) =>
      counts[y] - counts[x] || dropoff[last[y]] - dropoff[last[x]] || seq[last[y]] - seq[last[x]];
    const top = best(present, rank);
    for (const r of present) counts[r] = 0;
    const ranking = [
      ...top.map((r) => routeName[r]),
      ...Array(10 - top.length).fill('NULL,NULL'),
    ].join(',');
    if (ranking !== previous && !(previous === '' && top.length === 0)) {
      lines.push(`${k.trip.pickup_datetime},${k.trip.dropoff_datetime},${ranking}`);
    }
    previous = ranking;
  }
  return lines;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** The 10 best keys: a full sort would be the same, only slower. */
function best<K>(keys: readonly K[], compare: (a: K, b: K) => number): K[] {
  const top: K[] = [];
  for (const key of keys) {
    if (top.length === 10 && compare(key, top[9]) >= 0) continue;
    top.push(key);
    top.sort(compare);
    if (top.length > 10) top.pop();
  }
  return top;
}

function median(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Query 2 from scratch: every output line, without the delay column. */
export function bruteProfitableCells(trips: readonly TripEvent[]): string[] {
  const lines: string[] = [];
  // a: pickup cell, b: dropoff cell (x * 601 + y), c: taxi index (-1 none), d: profit (NaN none).
  const kept = new Window();
  const taxiIndex = new Map<string, number>();
  // Per cell: this trip's median, the previous trip's figures, the last update (trip position).
  const medianOf = new Float64Array(601 * 601);
  const previousMedian = new Float64Array(601 * 601);
  const previousEmpty = new Int32Array(601 * 601);
  let previousCells = new Set<number>();
  const updated = new Float64Array(601 * 601);
  const profitsOf: (number[] | undefined)[] = new Array(601 * 601).fill(undefined);
  const empty = new Int32Array(601 * 601);
  let latest = new Int32Array(1024).fill(-1);
  let previous = '';
  for (const { kept: k, before, time } of timeline(trips, Q2)) {
    if (k.dropoff > before - 30 * MINUTE) {
      const fare = k.trip.fare_amount;
      const medallion = k.trip.medallion;
      let taxi = -1;
      if (medallion !== undefined) {
        taxi = taxiIndex.get(medallion) ?? taxiIndex.size;
        taxiIndex.set(medallion, taxi);
        if (taxi >= latest.length) latest = grow(latest).fill(-1, latest.length);
      }
      kept.push(
        k.dropoff,
        k.seq,
        k.from[0] * 601 + k.from[1],
        k.to[0] * 601 + k.to[1],
        taxi,
        fare === undefined ? NaN : fare + (k.trip.tip_amount ?? 0),
      );
    }
    kept.expire(time - 30 * MINUTE);
    const { dropoff, seq, a: fromCell, b: toCell, c: taxiOf, d: profit } = kept;
    // Profit: fare + tip of trips that started in the cell and dropped off in the last 15 min.
    const cells: number[] = [];
    for (let i = 0; i < kept.length; i++) {
      if (dropoff[i] <= time - 15 * MINUTE || Number.isNaN(profit[i])) continue;
      const list = profitsOf[fromCell[i]];
      if (list) list.push(profit[i]);
      else {
        profitsOf[fromCell[i]] = [profit[i]];
        cells.push(fromCell[i]);
      }
    }
    // Empty taxis: each taxi's latest trip, if it dropped off in the last 30 min. Only cells with
    // a profit can rank, and a cell's last update is where its figures last changed while it had a
    // profit (or got one), so the other cells' taxis need not be counted.
    const taxis: number[] = [];
    for (let i = 0; cells.length > 0 && i < kept.length; i++) {
      const taxi = taxiOf[i];
      if (taxi < 0) continue;
      const l = latest[taxi];
      if (l < 0) taxis.push(taxi);
      if (l < 0 || dropoff[i] > dropoff[l] || (dropoff[i] === dropoff[l] && seq[i] > seq[l])) {
        latest[taxi] = i;
      }
    }
    for (const taxi of taxis) empty[toCell[latest[taxi]]]++;
    // A cell is updated when its (median, empty taxis) differ from what they were a trip earlier.
    for (const c of cells) {
      medianOf[c] = median(profitsOf[c]!);
      const had = previousCells.has(c);
      if (!had || medianOf[c] !== previousMedian[c] || empty[c] !== previousEmpty[c]) {
        updated[c] = k.seq;
      }
    }
    const now = new Set(cells);
    for (const c of previousCells) if (!now.has(c)) updated[c] = k.seq;
    for (const c of cells) {
      previousMedian[c] = medianOf[c];
      previousEmpty[c] = empty[c];
    }
    previousCells = now;
    const profitability = (c: number) => medianOf[c] / empty[c];
    const top = best(
      cells.filter((c) => empty[c] > 0),
      (a, b) =>
        profitability(b) - profitability(a) ||
        updated[b] - updated[a] ||
        Math.floor(a / 601) - Math.floor(b / 601) ||
        (a % 601) - (b % 601),
    );
    const ranked = top.map((c) => {
      const m = medianOf[c];
      const e = empty[c];
      return { c: `${Math.floor(c / 601)}.${c % 601}`, m, e, p: m / e };
    });
    for (const c of cells) profitsOf[c] = undefined;
    for (const taxi of taxis) {
      empty[toCell[latest[taxi]]] = 0;
      latest[taxi] = -1;
    }
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
