// Window benchmark: a tumbling 1-hour count by key over 1M events, against a plain Map loop doing
// the same aggregation (same events, same batches, same watermarks, result objects included) in
// the same process; and the same job with `deduplicate` in front, against the job alone, to price
// deduplication. `run()` returns the rows for the repository's BENCHMARKS.md.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { from } from 'rxjs';
import {
  countAggregate,
  deduplicate,
  Deduplicator,
  tumblingEventTimeWindows,
  windowAggregate,
  WindowOperator,
  type WatermarkedEvent,
  type WindowResult,
} from '../src/index.js';
import { collectGarbage, median, type BenchRow } from '@tripstream/bench';

export type { BenchRow };

interface Trip {
  /** Unique per event, like trip_id: the deduplication key. */
  readonly id: string;
  readonly cell: string;
}

const EVENTS = 1_000_000;
const BATCH = 1_000; // records per batch, like a Kinesis GetRecords call
const KEYS = 5_000; // geohash-7-like cells
const HOUR = 3_600_000;
const SPAN = 24 * HOUR; // event times spread over a day: 24 windows
const DISORDER = 5 * 60_000; // records up to 5 min out of order
const RUNS = 7;

/** Deterministic events: batches of records, each batch closed by a bounded-out-of-orderness watermark. */
function makeBatches(withWatermarks: boolean): WatermarkedEvent<Trip>[][] {
  let seed = 42;
  const random = (): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const alphabet = '0123456789bcdefghjkmnpqrstuvwxyz';
  const cells = Array.from({ length: KEYS }, () => ({
    cell: Array.from({ length: 7 }, () => alphabet[Math.floor(random() * 32)]).join(''),
  }));
  const start = Date.UTC(2016, 0, 1);
  const batches: WatermarkedEvent<Trip>[][] = [];
  let max = -Infinity;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const batch: WatermarkedEvent<Trip>[] = [];
    for (let j = i; j < i + BATCH; j++) {
      const timestamp = Math.floor(start + (j / EVENTS) * SPAN - random() * DISORDER);
      max = Math.max(max, timestamp);
      const { cell } = cells[Math.floor(random() * KEYS)];
      batch.push({ kind: 'record', timestamp, value: { id: `trip-${j}`, cell } });
    }
    if (withWatermarks) batch.push({ kind: 'watermark', timestamp: max - DISORDER - 1 });
    batches.push(batch);
  }
  if (withWatermarks) batches.push([{ kind: 'watermark', timestamp: Infinity }]);
  return batches;
}

/** The baseline: what a programmer would write by hand with Maps, emitting the same results. */
function mapLoop(batches: readonly WatermarkedEvent<Trip>[][]): WindowResult<string, number>[] {
  const windows = new Map<number, Map<string, number>>();
  const results: WindowResult<string, number>[] = [];
  for (const batch of batches) {
    for (const event of batch) {
      if (event.kind === 'record') {
        const start = event.timestamp - (event.timestamp % HOUR);
        let counts = windows.get(start);
        if (counts === undefined) windows.set(start, (counts = new Map()));
        counts.set(event.value.cell, (counts.get(event.value.cell) ?? 0) + 1);
      } else if (event.kind === 'watermark') {
        for (const [start, counts] of [...windows].sort(([a], [b]) => a - b)) {
          if (start + HOUR - 1 > event.timestamp) break;
          const window = { start, end: start + HOUR };
          for (const [key, value] of counts) results.push({ key, window, value, isUpdate: false });
          windows.delete(start);
        }
      }
    }
  }
  return results;
}

const assigner = tumblingEventTimeWindows({ size: HOUR });
const keySelector = (trip: Trip): string => trip.cell;

function core(batches: readonly WatermarkedEvent<Trip>[][]): WindowResult<string, number>[] {
  const results: WindowResult<string, number>[] = [];
  const output = { result: (r: WindowResult<string, number>) => results.push(r), late: () => {} };
  const operator = new WindowOperator({ assigner, keySelector, aggregate: countAggregate<Trip>() });
  for (const batch of batches) operator.processBatch(batch, output);
  return results;
}

function rx(batches: readonly WatermarkedEvent<Trip>[][]): WindowResult<string, number>[] {
  const results: WindowResult<string, number>[] = [];
  from(batches)
    .pipe(windowAggregate(assigner, keySelector, countAggregate<Trip>()))
    .subscribe((r) => results.push(r));
  return results;
}

// What the processor would choose: a copy is remembered for as long as it could still land in a
// window (size + the watermark's out-of-orderness).
const dedupOptions = { key: (trip: Trip): string => trip.id, horizonMs: HOUR + DISORDER };

function coreDedup(batches: readonly WatermarkedEvent<Trip>[][]): WindowResult<string, number>[] {
  const results: WindowResult<string, number>[] = [];
  const output = { result: (r: WindowResult<string, number>) => results.push(r), late: () => {} };
  const deduplicator = new Deduplicator<Trip>(dedupOptions);
  const operator = new WindowOperator({ assigner, keySelector, aggregate: countAggregate<Trip>() });
  for (const batch of batches) {
    operator.processBatch(deduplicator.processBatch(batch), output);
    deduplicator.drainDuplicates();
  }
  return results;
}

function rxDedup(batches: readonly WatermarkedEvent<Trip>[][]): WindowResult<string, number>[] {
  const results: WindowResult<string, number>[] = [];
  from(batches)
    .pipe(
      deduplicate<Trip>(dedupOptions),
      windowAggregate(assigner, keySelector, countAggregate<Trip>()),
    )
    .subscribe((r) => results.push(r));
  return results;
}

function dedupCore(batches: readonly WatermarkedEvent<Trip>[][]): WatermarkedEvent<Trip>[] {
  const deduplicator = new Deduplicator<Trip>(dedupOptions);
  const kept: WatermarkedEvent<Trip>[] = [];
  for (const batch of batches) {
    for (const event of deduplicator.processBatch(batch)) kept.push(event);
    deduplicator.drainDuplicates();
  }
  return kept;
}

/**
 * The floor of any hash-based deduplication: a Map of ids and a FIFO of expiries, which is what a
 * programmer would write by hand (it expires in arrival order, so it is only right for ordered input).
 */
function dedupLoop(batches: readonly WatermarkedEvent<Trip>[][]): WatermarkedEvent<Trip>[] {
  const seen = new Map<string, number>();
  const fifo: string[] = [];
  let head = 0;
  const kept: WatermarkedEvent<Trip>[] = [];
  for (const batch of batches) {
    for (const event of batch) {
      if (event.kind === 'record') {
        const id = event.value.id;
        if (seen.has(id)) continue;
        seen.set(id, event.timestamp + dedupOptions.horizonMs);
        fifo.push(id);
      } else {
        while (head < fifo.length && seen.get(fifo[head])! <= event.timestamp) {
          seen.delete(fifo[head++]);
        }
      }
      kept.push(event);
    }
  }
  return kept;
}

/** Median ms of each contender, runs interleaved so that drift hits all alike. */
function time(
  contenders: Record<string, (b: readonly WatermarkedEvent<Trip>[][]) => unknown[]>,
  batches: readonly WatermarkedEvent<Trip>[][],
): Record<string, number> {
  const samples: Record<string, number[]> = {};
  const counts = new Set<number>();
  for (let run = -1; run < RUNS; run++) {
    for (const [name, f] of Object.entries(contenders)) {
      const t0 = performance.now();
      const out = f(batches);
      const ms = performance.now() - t0;
      counts.add(out.length);
      if (run >= 0) (samples[name] ??= []).push(ms); // run -1 warms up
    }
  }
  if (counts.size !== 1) throw new Error(`contenders disagree on result counts: ${[...counts]}`);
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}

/** Heap growth while 1M events sit in open windows (no watermark until the end). */
function memory(process1M: (batches: readonly WatermarkedEvent<Trip>[][]) => unknown): number {
  const batches = makeBatches(false);
  const gc = collectGarbage;
  gc();
  const before = process.memoryUsage().heapUsed;
  const state = process1M(batches);
  gc();
  const after = process.memoryUsage().heapUsed;
  void state;
  return (after - before) / 1_048_576;
}

export async function run(): Promise<BenchRow[]> {
  const batches = makeBatches(true);
  const ms = time({ loop: mapLoop, core, rx, coreDedup, rxDedup }, batches);
  const perSecond = (t: number): number => Math.round(EVENTS / (t / 1_000));
  const target = '>= 2M events/s, <= 1.5x loop time';
  const rows: BenchRow[] = [
    {
      row: 'window',
      figure: 'events/s, 1h tumbling count by key (windowAggregate, RxJS, batches of 1000)',
      value: perSecond(ms.rx),
      unit: 'events/s',
      baseline: perSecond(ms.loop),
      baselineLabel: 'plain Map loop',
      ratio: round(ms.rx / ms.loop),
      target,
      notes: `ratio = operator time / loop time; ${EVENTS} events, ${KEYS} keys, 24 windows, median of ${RUNS} runs`,
    },
    {
      row: 'window (core)',
      figure: 'events/s, 1h tumbling count by key (WindowOperator.processBatch)',
      value: perSecond(ms.core),
      unit: 'events/s',
      baseline: perSecond(ms.loop),
      baselineLabel: 'plain Map loop',
      ratio: round(ms.core / ms.loop),
      target,
      notes: 'the synchronous core the operator wraps; ratio = core time / loop time',
    },
  ];

  rows.push(
    {
      row: 'window + dedup',
      figure: 'events/s, the window row with deduplicate (key trip id, horizon 1h 5min) in front',
      value: perSecond(ms.rxDedup),
      unit: 'events/s',
      baseline: perSecond(ms.rx),
      baselineLabel: 'the window row without dedup, same run',
      ratio: round(ms.rxDedup / ms.rx),
      target: 'report',
      notes:
        'ratio = time with dedup / time without; no duplicates in the input, so every record is looked up and remembered',
    },
    {
      row: 'window + dedup (core)',
      figure: 'events/s, Deduplicator.processBatch then WindowOperator.processBatch',
      value: perSecond(ms.coreDedup),
      unit: 'events/s',
      baseline: perSecond(ms.core),
      baselineLabel: 'the window (core) row, same run',
      ratio: round(ms.coreDedup / ms.core),
      target: 'report',
      notes: 'ratio = time with dedup / time without',
    },
  );

  const dedupMs = time({ dedupLoop, dedupCore }, batches);
  rows.push({
    row: 'dedup (core)',
    figure: 'events/s, Deduplicator.processBatch alone (1M distinct trip ids)',
    value: perSecond(dedupMs.dedupCore),
    unit: 'events/s',
    baseline: perSecond(dedupMs.dedupLoop),
    baselineLabel: 'plain Map + FIFO loop',
    ratio: round(dedupMs.dedupCore / dedupMs.dedupLoop),
    target: 'report',
    notes:
      'ratio = core time / loop time; the min-heap of expiries (right for out-of-order input, which the FIFO is not) is the difference; hashing 1M distinct ids is what any dedup costs, far more than counting into 5000 cached keys',
  });

  let rememberedKeys = 0;
  const dedupHeap = memory((b) => {
    const deduplicator = new Deduplicator<Trip>(dedupOptions);
    for (const batch of b) deduplicator.processBatch(batch);
    rememberedKeys = deduplicator.counters().keys;
    return deduplicator;
  });
  const keyMapHeap = memory((b) => {
    const seen = new Map<string, number>();
    for (const batch of b)
      for (const e of batch) if (e.kind === 'record') seen.set(e.value.id, e.timestamp);
    return seen;
  });
  rows.push({
    row: 'dedup memory',
    figure: 'heap growth remembering 1M trip ids (no watermark)',
    value: round(dedupHeap),
    unit: 'MiB',
    baseline: round(keyMapHeap),
    baselineLabel: 'plain Map<id, timestamp>',
    ratio: round(dedupHeap / keyMapHeap),
    target: 'O(keys)',
    notes: `${rememberedKeys} keys, ${round((dedupHeap * 1_048_576) / rememberedKeys)} bytes each (the id strings are the input's, not counted)`,
  });

  let openPanes = 0;
  const operatorHeap = memory((b) => {
    const operator = new WindowOperator({
      assigner,
      keySelector,
      aggregate: countAggregate<Trip>(),
    });
    const output = { result: () => {}, late: () => {} };
    for (const batch of b) operator.processBatch(batch, output);
    openPanes = operator.counters().windowsOpen;
    return operator;
  });
  const loopHeap = memory((b) => {
    const windows = new Map<number, Map<string, number>>();
    for (const batch of b) {
      for (const e of batch) {
        if (e.kind !== 'record') continue;
        const start = e.timestamp - (e.timestamp % HOUR);
        let counts = windows.get(start);
        if (counts === undefined) windows.set(start, (counts = new Map()));
        counts.set(e.value.cell, (counts.get(e.value.cell) ?? 0) + 1);
      }
    }
    return windows;
  });
  rows.push({
    row: 'memory',
    figure: 'heap growth holding 1M events in open 1h windows (no watermark)',
    value: round(operatorHeap),
    unit: 'MiB',
    baseline: round(loopHeap),
    baselineLabel: 'plain Map loop',
    ratio: round(operatorHeap / loopHeap),
    target: 'O(windows x keys)',
    notes: `${openPanes} open (key, window) accumulators, ${round((operatorHeap * 1_048_576) / openPanes)} bytes each; RSS ${Math.round(process.memoryUsage().rss / 1_048_576)} MiB including the 1M input events`,
  });
  return rows;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await run());
}
