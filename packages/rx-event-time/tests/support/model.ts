import type {
  AggregateFunction,
  LateRecord,
  StreamEvent,
  TimeWindow,
  WindowOutput,
  WindowResult,
} from '../../src/index.js';
import type { Trip } from './trips.js';

// The reference model: a few obviously-correct lines of batch computation per assigner.

/** What the test aggregate produces: enough to check counts, sums and which trips were counted. */
export interface Summary {
  count: number;
  sum: number;
  ids: number[];
}

/** count + sum + the ids themselves (sorted in the result), so conservation is checkable. */
export const summaryAggregate: AggregateFunction<Trip, Summary, Summary> = {
  createAccumulator: () => ({ count: 0, sum: 0, ids: [] }),
  add: (trip, acc) => {
    acc.count++;
    acc.sum += trip.value;
    acc.ids.push(trip.id);
    return acc;
  },
  getResult: (acc) => ({ count: acc.count, sum: acc.sum, ids: [...acc.ids].sort((a, b) => a - b) }),
  merge: (a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum, ids: a.ids.concat(b.ids) }),
};

export type ResultTable = Map<string, Summary>;

const rowKey = (key: string | number, window: TimeWindow): string =>
  `${key}@${window.start}/${window.end}`;

function summarize(groups: Map<string, Trip[]>): ResultTable {
  const table: ResultTable = new Map();
  for (const [row, trips] of groups) {
    table.set(row, {
      count: trips.length,
      sum: trips.reduce((s, t) => s + t.value, 0),
      ids: trips.map((t) => t.id).sort((a, b) => a - b),
    });
  }
  return table;
}

function push(groups: Map<string, Trip[]>, row: string, trip: Trip): void {
  const list = groups.get(row);
  if (list) list.push(trip);
  else groups.set(row, [trip]);
}

const floorTo = (t: number, size: number, offset: number): number =>
  Math.floor((t - offset) / size) * size + offset;

/** Batch group-by over tumbling windows. */
export function batchTumbling(trips: readonly Trip[], size: number, offset = 0): ResultTable {
  const groups = new Map<string, Trip[]>();
  for (const trip of trips) {
    const start = floorTo(trip.timestamp, size, offset);
    push(groups, rowKey(trip.key, { start, end: start + size }), trip);
  }
  return summarize(groups);
}

/** Batch group-by over sliding windows: every window [s, s + size) with s on the slide grid holding t. */
export function batchSliding(
  trips: readonly Trip[],
  size: number,
  slide: number,
  offset = 0,
): ResultTable {
  const groups = new Map<string, Trip[]>();
  for (const trip of trips) {
    for (let s = floorTo(trip.timestamp, slide, offset); s > trip.timestamp - size; s -= slide) {
      push(groups, rowKey(trip.key, { start: s, end: s + size }), trip);
    }
  }
  return summarize(groups);
}

/**
 * Batch sessions: per key, sort by time, split where the next record is more than `gap` later, or
 * exactly `gap` later unless touching sessions merge. A touching record still starts a new session
 * when the first copy of its time arrived after the watermark had reached its time - 1: the
 * session before it had fired and been purged by then (no allowed lateness).
 */
export function batchSessions(
  trips: readonly Trip[],
  gap: number,
  mergeTouching: boolean,
  watermarkAt: ReadonlyMap<number, number> = new Map(),
): ResultTable {
  const byKey = new Map<string, Trip[]>();
  for (const trip of trips) push(byKey, trip.key, trip);
  const groups = new Map<string, Trip[]>();
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.timestamp - b.timestamp);
    let session: Trip[] = [];
    const close = (): void => {
      const window = {
        start: session[0].timestamp,
        end: session[session.length - 1].timestamp + gap,
      };
      groups.set(rowKey(key, window), session);
    };
    const purgedBefore = (t: number): boolean =>
      list.some((x) => x.timestamp === t) &&
      Math.min(
        ...list.filter((x) => x.timestamp === t).map((x) => watermarkAt.get(x.id) ?? -Infinity),
      ) >=
        t - 1;
    for (const trip of list) {
      const distance =
        session.length > 0 ? trip.timestamp - session[session.length - 1].timestamp : 0;
      if (
        distance > gap ||
        (distance === gap && (!mergeTouching || purgedBefore(trip.timestamp)))
      ) {
        close();
        session = [];
      }
      session.push(trip);
    }
    close();
  }
  return summarize(groups);
}

/** Everything an operator sent to its output, in order. */
export type Emission =
  | { type: 'result'; result: WindowResult<string, Summary>; watermark: number }
  | { type: 'late'; late: LateRecord<Trip, string> };

/** An output that records emissions, each result with the watermark current at its emission. */
export function recorder(watermark: () => number): {
  output: WindowOutput<Trip, string, Summary>;
  emissions: Emission[];
} {
  const emissions: Emission[] = [];
  return {
    emissions,
    output: {
      result: (result) => emissions.push({ type: 'result', result, watermark: watermark() }),
      late: (late) => emissions.push({ type: 'late', late }),
    },
  };
}

/**
 * The final state a consumer upserting by (key, window) ends up with: the last result per (key,
 * window), minus windows a session merge superseded.
 */
export function finalTable(
  results: readonly WindowResult<string | number, Summary>[],
): ResultTable {
  const table: ResultTable = new Map();
  for (const r of results) {
    for (const w of r.supersedes ?? []) table.delete(rowKey(r.key, w));
    table.set(rowKey(r.key, r.window), r.value);
  }
  return table;
}

export function resultsOf(emissions: readonly Emission[]): WindowResult<string, Summary>[] {
  return emissions.flatMap((e) => (e.type === 'result' ? [e.result] : []));
}

export function lateIdsOf(emissions: readonly Emission[]): number[] {
  return emissions
    .flatMap((e) => (e.type === 'late' ? [e.late.value.id] : []))
    .sort((a, b) => a - b);
}

/** Sorted entries, for readable `toEqual` diffs. */
export function entries(table: ResultTable): [string, Summary][] {
  return [...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A stream's records and watermarks, for models that need the watermark at each record's arrival. */
export function watermarkAtArrival(events: readonly StreamEvent<Trip>[]): Map<number, number> {
  const at = new Map<number, number>();
  let watermark = -Infinity;
  for (const e of events) {
    if (e.kind === 'watermark') watermark = Math.max(watermark, e.timestamp);
    else if (e.kind === 'record') at.set(e.value.id, watermark);
  }
  return at;
}
