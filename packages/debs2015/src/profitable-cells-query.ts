import {
  medianAggregate,
  OverWindowOperator,
  TopN,
  type OverWindowOutput,
  type RetractableAggregateFunction,
  type SlidingMedian,
  type TopNEntry,
} from '@tripstream/rx-event-time';
import { parseIsoInstant, type TripEvent } from '@tripstream/trip-schema';
import { cellId, cellOf } from './cell-of.js';
import { EMPTY_TAXI_WINDOW_MS, NULL_FIELD, PROFIT_WINDOW_MS, TOP_SIZE } from './constants.js';
import { QUERY2_GRID } from './debs-grid.js';

const CELLS = QUERY2_GRID.cells * QUERY2_GRID.cells;
import type { DebsQueryStats } from './debs-query-stats.js';

interface ProfitTrip {
  readonly cell: number;
  readonly profit: number;
}

interface TaxiTrip {
  readonly taxi: string;
  readonly cell: number;
  readonly dropoff: number;
  readonly seq: number;
}

interface LatestTrip {
  dropoff: number;
  seq: number;
  cell: number;
}

/** A cell's rank in query 2. */
export interface CellRank {
  readonly cell: number;
  /** Median of fare + tip of the trips that started here and dropped off in the last 15 min. */
  readonly median: number;
  /** Taxis whose latest dropoff, in the last 30 min, was here. */
  readonly emptyTaxis: number;
  /** `median / emptyTaxis`. */
  readonly profitability: number;
  /** The input position of the trip at which the cell's (median, empty taxis) last changed. */
  readonly updated: number;
}

/** A taxi's latest trip in range; retractions only ever remove older ones until it leaves. */
const latestTrip: RetractableAggregateFunction<TaxiTrip, LatestTrip, number> = {
  createAccumulator: () => ({ dropoff: -Infinity, seq: -1, cell: -1 }),
  add: (trip, acc) => {
    if (trip.dropoff > acc.dropoff || (trip.dropoff === acc.dropoff && trip.seq > acc.seq)) {
      acc.dropoff = trip.dropoff;
      acc.seq = trip.seq;
      acc.cell = trip.cell;
    }
    return acc;
  },
  retract: (_trip, acc) => acc,
  getResult: (acc) => acc.cell,
};

/** Higher profitability first; then the cell updated more recently; then the lower cell number. */
const byProfitability = (a: CellRank, b: CellRank): number =>
  b.profitability - a.profitability || b.updated - a.updated || a.cell - b.cell;

/**
 * DEBS 2015 query 2, profitable cells, on the 250 m grid: a cell's profit is the median of
 * `fare_amount + tip_amount` (a missing tip counts 0) over the trips that started in it and dropped
 * off in the last 15 minutes; its empty taxis are the taxis (`medallion`) whose latest dropoff,
 * in the last 30 minutes, was in it; profitability = profit / empty taxis, for cells with both.
 * Whenever the ten most profitable cells or their figures change, `process` returns the line
 * without its delay column: `pickup_datetime,dropoff_datetime,` then per rank `cell_id,
 * empty_taxies,median_profit,profitability` (`NULL` x 4 for ranks no cell holds). Ties: the cell
 * whose (median, empty taxis) changed at a later trip ranks higher; then the lower cell number.
 *
 * Built on rx-event-time: one `OverWindowOperator` with `medianAggregate` per pickup cell (a
 * `SlidingMedian` each), one keeping each taxi's latest trip, and a `TopN` with change-only output.
 */
export class ProfitableCellsQuery {
  private readonly profits: OverWindowOperator<
    ProfitTrip,
    number,
    SlidingMedian,
    number | undefined
  >;
  private readonly taxis: OverWindowOperator<TaxiTrip, string, LatestTrip, number>;
  private readonly top = new TopN<number, CellRank>({
    size: TOP_SIZE,
    compare: byProfitability,
    equals: (a, b) => a.median === b.median && a.emptyTaxis === b.emptyTaxis,
  });
  // Per cell figures in flat arrays over the 600 x 600 cells (3.6 MB) rather than Maps: a trip
  // touches several cells, and each touch was a hash lookup and an allocation.
  /** Each cell's median, NaN for none. */
  private readonly medians = new Float64Array(CELLS).fill(NaN);
  private readonly emptyTaxis = new Int32Array(CELLS);
  private readonly emptyCellOf = new Map<string, number>();
  /** Cells changed by the current trip, with their figures before it. */
  private readonly touched: number[] = [];
  private readonly touchedMedian: number[] = [];
  private readonly touchedEmpty: number[] = [];
  /** `isTouched[cell]`: the cell is in `touched`. */
  private readonly isTouched = new Uint8Array(CELLS);
  private readonly profitOutput: OverWindowOutput<ProfitTrip, number, number | undefined>;
  private readonly taxiOutput: OverWindowOutput<TaxiTrip, string, number>;
  private trips = 0;
  private outsideGrid = 0;
  private late = 0;
  private withoutFare = 0;
  private withoutMedallion = 0;
  private lines = 0;

  constructor() {
    this.profits = new OverWindowOperator({
      keySelector: (trip) => trip.cell,
      range: PROFIT_WINDOW_MS,
      aggregate: medianAggregate((trip: ProfitTrip) => trip.profit),
    });
    this.taxis = new OverWindowOperator({
      keySelector: (trip) => trip.taxi,
      range: EMPTY_TAXI_WINDOW_MS,
      aggregate: latestTrip,
    });
    this.profitOutput = {
      change: ({ key, result }) => {
        this.touch(key);
        this.medians[key] = result ?? NaN;
      },
      late: () => {},
    };
    this.taxiOutput = {
      change: ({ key, count, result }) => {
        const now = count === 0 ? -1 : result;
        const before = this.emptyCellOf.get(key) ?? -1;
        if (now === before) return;
        if (before >= 0) this.addEmpty(before, -1);
        if (now >= 0) {
          this.addEmpty(now, 1);
          this.emptyCellOf.set(key, now);
        } else this.emptyCellOf.delete(key);
      },
      late: () => {},
    };
  }

  /** Processes one trip; returns the output line (without delay) if the top 10 changed. */
  process(trip: TripEvent): string | undefined {
    const seq = this.trips++;
    const pickup = cellOf(QUERY2_GRID, trip.pickup_latitude, trip.pickup_longitude);
    const dropoffCell = cellOf(QUERY2_GRID, trip.dropoff_latitude, trip.dropoff_longitude);
    if (pickup < 0 || dropoffCell < 0) {
      this.outsideGrid++;
      return undefined;
    }
    const time = parseIsoInstant(trip.dropoff_datetime);
    // Out of the profit window on arrival (both operators share the time); such a trip can still
    // be a taxi's latest dropoff if it is less than 30 min old.
    if (time <= this.taxis.currentTime - PROFIT_WINDOW_MS) this.late++;
    if (trip.fare_amount === undefined) {
      this.withoutFare++;
      this.profits.processWatermark(time, this.profitOutput);
    } else {
      const profit = trip.fare_amount + (trip.tip_amount ?? 0);
      this.profits.processElement(
        { kind: 'record', timestamp: time, value: { cell: pickup, profit } },
        this.profitOutput,
      );
    }
    if (trip.medallion === undefined) {
      this.withoutMedallion++;
      this.taxis.processWatermark(time, this.taxiOutput);
    } else {
      this.taxis.processElement(
        {
          kind: 'record',
          timestamp: time,
          value: { taxi: trip.medallion, cell: dropoffCell, dropoff: time, seq },
        },
        this.taxiOutput,
      );
    }
    this.rerank(seq);
    const ranking = this.top.changes();
    if (ranking === undefined) return undefined;
    this.lines++;
    return formatCells(trip, ranking);
  }

  /** The current top 10, best first. */
  ranking(): TopNEntry<number, CellRank>[] {
    return this.top.top();
  }

  stats(): DebsQueryStats {
    return {
      trips: this.trips,
      outsideGrid: this.outsideGrid,
      late: this.late,
      withoutFare: this.withoutFare,
      withoutMedallion: this.withoutMedallion,
      lines: this.lines,
    };
  }

  private touch(cell: number): void {
    if (this.isTouched[cell] === 0) {
      this.isTouched[cell] = 1;
      this.touched.push(cell);
      this.touchedMedian.push(this.medians[cell]);
      this.touchedEmpty.push(this.emptyTaxis[cell]);
    }
  }

  private addEmpty(cell: number, delta: number): void {
    this.touch(cell);
    this.emptyTaxis[cell] += delta;
  }

  /** Re-ranks the cells whose figures this trip changed (not those it touched and restored). */
  private rerank(seq: number): void {
    const touched = this.touched;
    for (let i = 0; i < touched.length; i++) {
      const cell = touched[i];
      this.isTouched[cell] = 0;
      const median = this.medians[cell];
      const emptyTaxis = this.emptyTaxis[cell];
      const medianBefore = this.touchedMedian[i];
      // NaN (no median) counts as equal to NaN.
      const sameMedian =
        median === medianBefore || (median !== median && medianBefore !== medianBefore);
      if (sameMedian && emptyTaxis === this.touchedEmpty[i]) continue;
      if (Number.isNaN(median) || emptyTaxis === 0) this.top.delete(cell);
      else {
        this.top.set(cell, {
          cell,
          median,
          emptyTaxis,
          profitability: median / emptyTaxis,
          updated: seq,
        });
      }
    }
    touched.length = 0;
    this.touchedMedian.length = 0;
    this.touchedEmpty.length = 0;
  }
}

function formatCells(trip: TripEvent, ranking: readonly TopNEntry<number, CellRank>[]): string {
  let line = `${trip.pickup_datetime},${trip.dropoff_datetime}`;
  for (let i = 0; i < TOP_SIZE; i++) {
    if (i < ranking.length) {
      const { cell, emptyTaxis, median, profitability } = ranking[i].value;
      line += `,${cellId(QUERY2_GRID, cell)},${emptyTaxis},${median},${profitability}`;
    } else {
      line += `,${NULL_FIELD},${NULL_FIELD},${NULL_FIELD},${NULL_FIELD}`;
    }
  }
  return line;
}
