import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endWith, identity, map, pipe, type Observable, type OperatorFunction } from 'rxjs';
import {
  InvalidOptionError,
  Deduplicator,
  WatermarkCombiner,
  WatermarkStrategy,
  WindowOperator,
  countAggregate,
  isCheckpointBarrier,
  pump,
  runDeduplicator,
  runWatermarkCombiner,
  runWindowOperator,
  snapshotAtBarriers,
  tumblingEventTimeWindows,
  type CheckpointBarrier,
  type DeduplicatorSnapshot,
  type StreamEvent,
  type WatermarkCombinerSnapshot,
  type WindowOperatorSnapshot,
  type WindowResult,
} from '../src/index.js';

type Trip = { id: string; key: string };
type Out = WindowResult<string, number> | CheckpointBarrier;

/** A checkpointable job: combine per-input watermarks -> dedup on id -> 10 ms tumbling counts. */
function job() {
  const combiner = new WatermarkCombiner<Trip>({
    watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<Trip>(),
  });
  const dedup = new Deduplicator<Trip>({ key: (t) => t.id, horizonMs: 10 });
  const window = new WindowOperator({
    assigner: tumblingEventTimeWindows({ size: 10 }),
    keySelector: (t: Trip) => t.key,
    aggregate: countAggregate<Trip>(),
  });
  const operator: OperatorFunction<readonly StreamEvent<Trip>[] | CheckpointBarrier, Out> = pipe(
    snapshotAtBarriers('combiner', combiner, runWatermarkCombiner(combiner)),
    snapshotAtBarriers('dedup', dedup, runDeduplicator(dedup)),
    snapshotAtBarriers('window', window, runWindowOperator(window)),
  );
  const restore = (s: Readonly<Record<string, unknown>>) => {
    combiner.restore(s.combiner as WatermarkCombinerSnapshot);
    dedup.restore(s.dedup as DeduplicatorSnapshot);
    window.restore(s.window as WindowOperatorSnapshot);
  };
  return { operator, restore };
}

async function* items<T>(list: readonly T[]) {
  for (const item of list) yield item;
}

/** Random batches from two inputs: trips (with repeated ids) and ascending per-input watermarks. */
const batches = fc
  .array(
    fc.array(
      fc.record({
        input: fc.constantFrom('a', 'b'),
        t: fc.integer({ min: 0, max: 80 }),
        id: fc.integer({ min: 0, max: 30 }),
        key: fc.constantFrom('x', 'y', 'z'),
        watermark: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    { minLength: 1, maxLength: 25 },
  )
  .map((raw) => {
    const last = new Map<string, number>();
    return raw.map((batch) =>
      batch.map(({ input, t, id, key, watermark }): StreamEvent<Trip> => {
        if (!watermark) return { kind: 'record', input, timestamp: t, value: { id: `${id}`, key } };
        const w = Math.max(last.get(input) ?? -1, t);
        last.set(input, w);
        return { kind: 'watermark', input, timestamp: w };
      }),
    );
  });

describe('checkpoint barriers through a pipe of operators', () => {
  it('restoring from any barrier and replaying the source after it gives exactly the uninterrupted output', async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.nat(), async (source, cut) => {
        // Uninterrupted run, a barrier after every item (interval 0); the source's snapshot is
        // the number of items it has handed out.
        const full: Out[] = [];
        const counted = (list: readonly (readonly StreamEvent<Trip>[])[]) => {
          const state = { pulled: 0 };
          const iterable = (async function* () {
            for (const item of list) {
              state.pulled++;
              yield item;
            }
          })();
          return { iterable, position: () => state.pulled };
        };
        const first = counted(source);
        const run = await pump(first.iterable, job().operator, (o) => void full.push(o), {
          barrierIntervalMs: 0,
          sourceSnapshot: first.position,
        });
        expect(run.items).toBe(source.length);
        const barriers = full.filter(isCheckpointBarrier);
        expect(barriers.length).toBe(source.length + 1);
        const at = barriers[cut % barriers.length];
        // A new job restored from the barrier, reading the source from the barrier's position.
        const resumed = job();
        resumed.restore(at.snapshots);
        const rest = counted(source.slice(at.snapshots.source as number));
        const after: Out[] = [];
        await pump(rest.iterable, resumed.operator, (o) => void after.push(o), {
          barrierIntervalMs: 0,
          firstBarrierId: at.id + 1,
          sourceSnapshot: rest.position,
        });
        const results = (list: Out[]) => list.filter((o) => !isCheckpointBarrier(o));
        expect(results(after)).toEqual(results(full.slice(full.indexOf(at) + 1)));
      }),
      { numRuns: 150 },
    );
  });

  it('every stage adds its snapshot to the barrier, and the barrier comes after the outputs before it', async () => {
    const { operator } = job();
    const out: Out[] = [];
    const source: StreamEvent<Trip>[][] = [
      [{ kind: 'record', input: 'a', timestamp: 1, value: { id: '1', key: 'x' } }],
      [{ kind: 'watermark', input: 'a', timestamp: 10 }],
    ];
    let pulled = 0;
    await pump(
      (async function* () {
        for (const b of source) {
          pulled++;
          yield b;
        }
      })(),
      operator,
      (o) => void out.push(o),
      { barrierIntervalMs: 0, sourceSnapshot: () => pulled },
    );
    const kinds = out.map((o) => (isCheckpointBarrier(o) ? `barrier ${o.id}` : `result ${o.key}`));
    // Watermark 10 fires [0, 10) of x before the second barrier.
    expect(kinds).toEqual(['barrier 1', 'result x', 'barrier 2', 'barrier 3']);
    const first = out[0] as CheckpointBarrier;
    expect(Object.keys(first.snapshots)).toEqual(['source', 'combiner', 'dedup', 'window']);
    expect(first.snapshots.source).toBe(1);
  });

  it('refuses two stages with one name, naming it', async () => {
    const a = new Deduplicator<Trip>({ key: (t) => t.id, horizonMs: 10 });
    const b = new Deduplicator<Trip>({ key: (t) => t.id, horizonMs: 10 });
    const operator = pipe(
      snapshotAtBarriers('dedup', a, runDeduplicator(a)),
      snapshotAtBarriers('dedup', b, runDeduplicator(b)),
    );
    const error = await pump(items([]), operator, () => {}, { barrierIntervalMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).message).toContain('dedup');
  });
});

describe('pump', () => {
  it('pulls the next source item only once every output of the last one is consumed', async () => {
    const log: string[] = [];
    let release: (() => void) | undefined;
    const source = (async function* () {
      for (let i = 0; i < 3; i++) {
        log.push(`pull ${i}`);
        yield i;
      }
    })();
    const run = pump(
      source,
      identity,
      (n: number) =>
        new Promise<void>((resolve) => {
          log.push(`consume ${n}`);
          release = () => {
            log.push(`done ${n}`);
            resolve();
          };
        }),
    );
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      release!();
    }
    const result = await run;
    expect(result).toEqual({ items: 3, barriers: 0, aborted: false });
    expect(log).toEqual([
      'pull 0',
      'consume 0',
      'done 0',
      'pull 1',
      'consume 1',
      'done 1',
      'pull 2',
      'consume 2',
      'done 2',
    ]);
  });

  it('injects barriers by the clock, and a final one when the source ends', async () => {
    let now = 0;
    const out: (number | CheckpointBarrier)[] = [];
    await pump(
      (async function* () {
        for (let i = 0; i < 5; i++) {
          now += 40; // each item takes 40 ms of the injected clock
          yield i;
        }
      })(),
      (s: Observable<number | CheckpointBarrier>) => s,
      (o) => void out.push(o),
      { barrierIntervalMs: 100, clock: { now: () => now } },
    );
    expect(out.map((o) => (typeof o === 'number' ? o : `b${o.id}`))).toEqual([
      0,
      1,
      2,
      'b1',
      3,
      4,
      'b2',
    ]);
  });

  it('stops pulling on abort, then sends the final barrier, without completing the pipe', async () => {
    const controller = new AbortController();
    const out: unknown[] = [];
    const result = await pump(
      (async function* () {
        for (let i = 0; ; i++) yield i;
      })(),
      // What a stage emits on completion (a window operator: every open window) never comes.
      endWith('completed'),
      (o) => {
        out.push(o);
        if (o === 2) controller.abort();
      },
      { signal: controller.signal, barrierIntervalMs: 1e9 },
    );
    expect(result).toEqual({ items: 3, barriers: 1, aborted: true });
    expect(out.slice(0, 3)).toEqual([0, 1, 2]);
    expect(isCheckpointBarrier(out[3])).toBe(true);
    expect(out).toHaveLength(4);
  });

  it('completes the pipe when the source ends, after the final barrier', async () => {
    const out: unknown[] = [];
    const result = await pump(items([0, 1]), endWith('completed'), (o) => void out.push(o), {
      barrierIntervalMs: 1e9,
    });
    expect(result).toEqual({ items: 2, barriers: 1, aborted: false });
    expect(out.map((o) => (isCheckpointBarrier(o) ? 'barrier' : o))).toEqual([
      0,
      1,
      'barrier',
      'completed',
    ]);
  });

  it('rejects with the error of a stage and stops pulling', async () => {
    let pulled = 0;
    const error = await pump(
      (async function* () {
        for (let i = 0; i < 10; i++) {
          pulled++;
          yield i;
        }
      })(),
      map((v: number) => {
        if (v === 1) throw new Error('stage failed at 1');
        return v;
      }),
      () => {},
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('stage failed at 1');
    expect(pulled).toBe(2);
  });

  it('names a bad option', async () => {
    await expect(pump(items([]), identity, () => {}, { barrierIntervalMs: -1 })).rejects.toThrow(
      /barrierIntervalMs/,
    );
  });
});
