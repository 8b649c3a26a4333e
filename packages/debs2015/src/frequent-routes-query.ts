import {
  OverWindowOperator,
  TopN,
  type OverWindowChange,
  type OverWindowOutput,
  type RetractableAggregateFunction,
  type TopNEntry,
} from '@tripstream/rx-event-time';
import { parseIsoInstant, type TripEvent } from '@tripstream/trip-schema';
import { CountFloor } from './_internals/count-floor.js';
import { cellId, cellOf } from './cell-of.js';
import { FREQUENT_ROUTES_WINDOW_MS, NULL_FIELD, TOP_SIZE } from './constants.js';
import { QUERY1_GRID } from './debs-grid.js';
import type { DebsQueryStats } from './debs-query-stats.js';

/** A trip as query 1 keeps it. */
interface RouteTrip {
  /** The route's interned id (see `FrequentRoutesQuery.routeId`). */
  readonly route: number;
  readonly dropoff: number;
  /** Input position, for the tie rule. */
  readonly seq: number;
}

/** A route's rank: its trip count and its latest trip (by dropoff, then input position). */
export interface RouteRank {
  readonly count: number;
  readonly lastDropoff: number;
  readonly lastSeq: number;
}

interface RouteAccumulator {
  count: number;
  lastDropoff: number;
  lastSeq: number;
}

const CELLS = QUERY1_GRID.cells * QUERY1_GRID.cells;

const routeCount: RetractableAggregateFunction<RouteTrip, RouteAccumulator, RouteRank> = {
  createAccumulator: () => ({ count: 0, lastDropoff: -Infinity, lastSeq: -1 }),
  add: (trip, acc) => {
    acc.count++;
    if (
      trip.dropoff > acc.lastDropoff ||
      (trip.dropoff === acc.lastDropoff && trip.seq > acc.lastSeq)
    ) {
      acc.lastDropoff = trip.dropoff;
      acc.lastSeq = trip.seq;
    }
    return acc;
  },
  // Trips leave oldest first, so the latest trip stays until the route is empty.
  retract: (_trip, acc) => {
    acc.count--;
    return acc;
  },
  getResult: ({ count, lastDropoff, lastSeq }) => ({ count, lastDropoff, lastSeq }),
};

/** More trips first; then the later latest dropoff; then the later latest trip in the input. */
const byRank = (a: RouteRank, b: RouteRank): number =>
  b.count - a.count || b.lastDropoff - a.lastDropoff || b.lastSeq - a.lastSeq;

/**
 * DEBS 2015 query 1, frequent routes: at each trip (in dropoff order) the window holds the trips
 * that dropped off in `(t - 30 min, t]`; whenever the ten routes (pickup cell, dropoff cell of the
 * 500 m grid) with the most trips in it change, `process` returns the output line without its
 * delay column: `pickup_datetime,dropoff_datetime,start_cell_id_1,end_cell_id_1,…` with `NULL`
 * for ranks no route holds. Ties: the route whose latest trip dropped off later ranks higher; on
 * equal dropoff times, the one whose latest trip came later in the input.
 *
 * Built on rx-event-time: an `OverWindowOperator` counts each route's trips (adding and retracting
 * as trips enter and leave the window), a `TopN` ranks the routes and reports changes only.
 */
export class FrequentRoutesQuery {
  private readonly routes = new OverWindowOperator<RouteTrip, number, RouteAccumulator, RouteRank>({
    keySelector: (trip) => trip.route,
    range: FREQUENT_ROUTES_WINDOW_MS,
    aggregate: routeCount,
  });
  private readonly top = new TopN<number, RouteRank>({ size: TOP_SIZE, compare: byRank });
  /** Only routes with enough trips to reach the top 10 go into the TopN. */
  private readonly candidates = new CountFloor(this.top, TOP_SIZE);
  private readonly output: OverWindowOutput<RouteTrip, number, RouteRank>;
  /**
   * Route ids by pickup cell, then dropoff cell. `pickup * 90000 + dropoff` would be a key above
   * 2^30, which V8 boxes as a heap number: every Map operation on it hashes a double, and every key
   * is an allocation. Interned ids are small integers; they are never freed, so memory grows with
   * the distinct routes ever seen (at most 90,000² in theory, a few million on a year of trips).
   */
  private readonly routeIds: (Map<number, number> | undefined)[] = [];
  /** The public route number (`pickup * 90000 + dropoff`) of each interned id. */
  private readonly routeNumbers: number[] = [];
  private trips = 0;
  private outsideGrid = 0;
  private late = 0;
  private lines = 0;

  constructor() {
    const candidates = this.candidates;
    this.output = {
      change: (change: OverWindowChange<RouteTrip, number, RouteRank>) => {
        candidates.update(change.key, change.count, change.result);
      },
      late: () => {
        this.late++;
      },
    };
  }

  /** Processes one trip; returns the output line (without delay) if the top 10 changed. */
  process(trip: TripEvent): string | undefined {
    const seq = this.trips++;
    const pickup = cellOf(QUERY1_GRID, trip.pickup_latitude, trip.pickup_longitude);
    const dropoff = cellOf(QUERY1_GRID, trip.dropoff_latitude, trip.dropoff_longitude);
    if (pickup < 0 || dropoff < 0) {
      this.outsideGrid++;
      return undefined;
    }
    const time = parseIsoInstant(trip.dropoff_datetime);
    this.routes.processElement(
      {
        kind: 'record',
        timestamp: time,
        value: { route: this.routeId(pickup, dropoff), dropoff: time, seq },
      },
      this.output,
    );
    this.candidates.settle();
    const ranking = this.top.changes();
    if (ranking === undefined) return undefined;
    this.lines++;
    return formatRoutes(trip, ranking, this.routeNumbers);
  }

  /** The current top 10, best first (route = pickup cell * 90000 + dropoff cell). */
  ranking(): TopNEntry<number, RouteRank>[] {
    return this.top.top().map(({ key, value }) => ({ key: this.routeNumbers[key], value }));
  }

  private routeId(pickup: number, dropoff: number): number {
    let byDropoff = this.routeIds[pickup];
    if (byDropoff === undefined) {
      byDropoff = new Map();
      this.routeIds[pickup] = byDropoff;
    }
    let id = byDropoff.get(dropoff);
    if (id === undefined) {
      id = this.routeNumbers.length;
      this.routeNumbers.push(pickup * CELLS + dropoff);
      byDropoff.set(dropoff, id);
    }
    return id;
  }

  stats(): DebsQueryStats {
    return {
      trips: this.trips,
      outsideGrid: this.outsideGrid,
      late: this.late,
      withoutFare: 0,
      withoutMedallion: 0,
      lines: this.lines,
    };
  }
}

function formatRoutes(
  trip: TripEvent,
  ranking: readonly TopNEntry<number, RouteRank>[],
  routeNumbers: readonly number[],
): string {
  let line = `${trip.pickup_datetime},${trip.dropoff_datetime}`;
  for (let i = 0; i < TOP_SIZE; i++) {
    if (i < ranking.length) {
      const route = routeNumbers[ranking[i].key];
      line += `,${cellId(QUERY1_GRID, Math.floor(route / CELLS))},${cellId(QUERY1_GRID, route % CELLS)}`;
    } else {
      line += `,${NULL_FIELD},${NULL_FIELD}`;
    }
  }
  return line;
}
