import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  tumblingEventTimeWindows,
  WatermarkCombiner,
  WatermarkStrategy,
  WindowOperator,
  type StreamEvent,
  type WindowAssigner,
} from '../src/index.js';
import {
  batchReference,
  sessionArbitrary,
  slidingArbitrary,
  tumblingArbitrary,
} from './support/assigners.js';
import {
  entries,
  finalTable,
  lateIdsOf,
  recorder,
  resultsOf,
  summaryAggregate,
  watermarkAtArrival,
  type Emission,
} from './support/model.js';
import { shardedArbitrary } from './support/shards.js';
import { chunk, cutsArbitrary, NUM_RUNS } from './support/streams.js';
import type { Trip } from './support/trips.js';

const params = { numRuns: NUM_RUNS };

/** A clock the test moves by hand. */
function manualClock(start = 0): { now(): number; time: number } {
  return {
    time: start,
    now() {
      return this.time;
    },
  };
}

function windowOperator(assigner: WindowAssigner, allowedLateness = 0) {
  return new WindowOperator({
    assigner,
    keySelector: (trip: Trip) => trip.key,
    aggregate: summaryAggregate,
    allowedLateness,
  });
}

/** Runs batches through a combiner into a window operator; returns the operator's emissions. */
function pipeline(
  combiner: WatermarkCombiner<Trip>,
  op: ReturnType<typeof windowOperator>,
  batches: readonly StreamEvent<Trip>[][],
  beforeBatch: (index: number) => void = () => {},
): { emissions: Emission[]; watermarks: number[]; forwarded: StreamEvent<Trip>[] } {
  const { output, emissions } = recorder(() => op.currentWatermark);
  const watermarks: number[] = [];
  const forwarded: StreamEvent<Trip>[] = [];
  const forward = (out: readonly StreamEvent<Trip>[]): void => {
    for (const e of out) if (e.kind === 'watermark') watermarks.push(e.timestamp);
    forwarded.push(...out);
    op.processBatch(out, output);
  };
  batches.forEach((batch, i) => {
    beforeBatch(i);
    forward(combiner.processBatch(batch));
  });
  const last = combiner.end();
  if (last) forward([last]);
  return { emissions, watermarks, forwarded };
}

const shardedWithCuts = shardedArbitrary().chain((s) =>
  cutsArbitrary(s.merged.length, 30).map((cuts) => ({ ...s, batches: chunk(s.merged, cuts) })),
);

describe('WatermarkCombiner properties', () => {
  it('4. the output watermark is monotone and is, at every step, the min over active inputs (max over idle ones when none is active)', () => {
    type Step =
      | {
          type: 'event';
          input: number;
          kind: 'record' | 'watermark' | 'idle' | 'active' | 'end';
          t: number;
        }
      | { type: 'tick'; by: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          type: fc.constant('event' as const),
          input: fc.nat(3),
          kind: fc.constantFrom(
            'record' as const,
            'watermark' as const,
            'watermark' as const,
            'idle' as const,
            'active' as const,
            'end' as const,
          ),
          t: fc.integer({ min: 0, max: 1_000 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.constant('tick' as const),
          by: fc.integer({ min: 0, max: 150 }),
        }),
      },
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 80 }),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
        (steps, idleTimeout, bound) => {
          const clock = manualClock();
          let strategy =
            bound === undefined
              ? WatermarkStrategy.forPunctuatedWatermarks<number>()
              : WatermarkStrategy.forBoundedOutOfOrderness<number>(bound);
          if (idleTimeout !== undefined) strategy = strategy.withIdleness(idleTimeout);
          const combiner = new WatermarkCombiner<number>({
            watermarkStrategy: strategy,
            clock,
            inputs: ['0'],
          });
          // The model: each input's watermark, status and last activity.
          const model = new Map<string, { wm: number; max: number; status: string; last: number }>([
            ['0', { wm: -Infinity, max: -Infinity, status: 'active', last: 0 }],
          ]);
          const idleCheck = (): void => {
            if (idleTimeout === undefined) return;
            for (const m of model.values()) {
              if (m.status === 'active' && clock.time - m.last >= idleTimeout) m.status = 'idle';
            }
          };
          const combined = (): number => {
            const states = [...model.values()];
            const active = states.filter((m) => m.status === 'active');
            const idle = states.filter((m) => m.status === 'idle');
            if (active.length > 0) return Math.min(...active.map((m) => m.wm));
            if (idle.length > 0) return Math.max(...idle.map((m) => m.wm));
            return states.length > 0 ? Infinity : -Infinity;
          };
          let output = -Infinity;
          for (const s of steps) {
            let emitted: number[];
            if (s.type === 'tick') {
              clock.time += s.by;
              idleCheck();
              const w = combiner.checkIdleness();
              emitted = w ? [w.timestamp] : [];
            } else {
              const input = String(s.input);
              const m = model.get(input) ?? {
                wm: -Infinity,
                max: -Infinity,
                status: 'active',
                last: clock.time,
              };
              if (m.status === 'ended' && s.kind !== 'end' && s.kind !== 'idle') continue; // InputEndedError: tested elsewhere
              idleCheck();
              model.set(input, m);
              const event: StreamEvent<number> =
                s.kind === 'record'
                  ? { kind: 'record', timestamp: s.t, value: s.t, input }
                  : s.kind === 'watermark'
                    ? { kind: 'watermark', timestamp: s.t, input }
                    : { kind: s.kind, input };
              if (s.kind === 'record' || s.kind === 'watermark' || s.kind === 'active') {
                m.status = 'active';
                m.last = clock.time;
              }
              if (s.kind === 'record') m.max = Math.max(m.max, s.t);
              if (s.kind === 'watermark') m.wm = Math.max(m.wm, s.t);
              if (s.kind === 'idle' && m.status === 'active') m.status = 'idle';
              if (s.kind === 'end') m.status = 'ended';
              if (bound !== undefined) {
                for (const x of model.values()) x.wm = Math.max(x.wm, x.max - bound - 1);
              }
              emitted = combiner
                .processBatch([event])
                .flatMap((e) => (e.kind === 'watermark' ? [e.timestamp] : []));
            }
            const expected = Math.max(output, combined());
            for (const w of emitted) {
              expect(w).toBeGreaterThan(output); // monotone, strictly
              output = w;
            }
            expect(output).toBe(expected);
            expect(combiner.currentWatermark).toBe(output);
            expect(combiner.inputWatermarks().map((i) => [i.input, i.watermark, i.status])).toEqual(
              [...model].map(([id, m]) => [id, m.wm, m.status]),
            );
          }
        },
      ),
      params,
    );
  });

  it('6. splitting the input over N shards with per-shard watermarks, interleaved and batched arbitrarily, gives the batch result', () => {
    fc.assert(
      fc.property(
        fc.oneof(tumblingArbitrary, slidingArbitrary, sessionArbitrary),
        shardedWithCuts,
        fc.boolean(),
        (assigner, { trips, shardIds, batches }, declare) => {
          const combiner = new WatermarkCombiner<Trip>({ inputs: declare ? shardIds : [] });
          const { emissions, watermarks, forwarded } = pipeline(
            combiner,
            windowOperator(assigner),
            batches,
          );
          // Declared shards cannot be overtaken, so nothing is late; undeclared ones may be.
          if (declare) {
            expect(lateIdsOf(emissions)).toEqual([]);
            expect(entries(finalTable(resultsOf(emissions)))).toEqual(
              entries(batchReference(assigner, trips, watermarkAtArrival(forwarded))),
            );
          }
          // Either way every trip is in the results or the late output, once.
          const counted = [...finalTable(resultsOf(emissions)).values()].flatMap((x) => x.ids);
          if (assigner.kind !== 'sliding') {
            expect([...counted, ...lateIdsOf(emissions)].sort((a, b) => a - b)).toEqual(
              trips.map((t) => t.id),
            );
          }
          for (let i = 1; i < watermarks.length; i++) {
            expect(watermarks[i]).toBeGreaterThan(watermarks[i - 1]);
          }
          expect(watermarks.at(-1) ?? Infinity).toBe(Infinity);
        },
      ),
      params,
    );
  });

  it('6b. an idle shard: held at -Infinity nothing fires before the end; once declared idle the emissions are those without it', () => {
    fc.assert(
      fc.property(tumblingArbitrary, shardedWithCuts, (assigner, { trips, shardIds, batches }) => {
        const without = pipeline(
          new WatermarkCombiner<Trip>({ inputs: shardIds }),
          windowOperator(assigner),
          batches,
        );

        // A silent shard that is never declared idle holds everything back until the end.
        const held = pipeline(
          new WatermarkCombiner<Trip>({ inputs: [...shardIds, 'silent'] }),
          windowOperator(assigner),
          batches,
        );
        expect(held.watermarks.filter((w) => w !== Infinity)).toEqual([]);
        expect(entries(finalTable(resultsOf(held.emissions)))).toEqual(
          entries(batchReference(assigner, trips)),
        );

        // Declared idle by the timeout before the first batch (the shards, declared later, keep
        // speaking well within it): exactly the run without it.
        const clock = manualClock();
        const combiner = new WatermarkCombiner<Trip>({
          inputs: ['silent'],
          watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<Trip>().withIdleness(60_000),
          clock,
        });
        clock.time = 60_000;
        for (const id of shardIds) combiner.addInput(id);
        const idle = pipeline(combiner, windowOperator(assigner), batches, (i) => {
          clock.time = 60_000 + i;
          if (i > 0) {
            expect(combiner.inputWatermarks().find((x) => x.input === 'silent')?.status).toBe(
              'idle',
            );
          }
        });
        expect(idle.emissions).toEqual(without.emissions);
      }),
      params,
    );
  });

  it('6c. bounded out-of-orderness: when each shard really is at most B out of order, nothing is late and the result is the batch one', () => {
    fc.assert(
      fc.property(
        tumblingArbitrary,
        shardedWithCuts,
        (assigner, { trips, shardIds, perShard, batches }) => {
          // B = the largest lateness actually present in any shard's record order.
          let bound = 0;
          for (const events of perShard) {
            let max = -Infinity;
            for (const e of events) {
              if (e.kind !== 'record') continue;
              bound = Math.max(bound, max - e.timestamp);
              max = Math.max(max, e.timestamp);
            }
          }
          const combiner = new WatermarkCombiner<Trip>({
            inputs: shardIds,
            watermarkStrategy: WatermarkStrategy.forBoundedOutOfOrderness<Trip>(bound),
          });
          const noPunctuation = batches.map((b) => b.filter((e) => e.kind !== 'watermark'));
          const { emissions } = pipeline(combiner, windowOperator(assigner), noPunctuation);
          expect(lateIdsOf(emissions)).toEqual([]);
          expect(entries(finalTable(resultsOf(emissions)))).toEqual(
            entries(batchReference(assigner, trips)),
          );
        },
      ),
      params,
    );
  });

  it('8. the processor pipeline (combiner + two window operators) snapshotted between any batches, through JSON, restored and continued == uninterrupted', () => {
    const cellWindows = tumblingEventTimeWindows({ size: 300_000 });
    fc.assert(
      fc.property(
        shardedArbitrary(2 * 3_600_000).chain((s) =>
          fc
            .tuple(cutsArbitrary(s.merged.length, 30), fc.array(fc.nat(60_000), { maxLength: 40 }))
            .map(([cuts, gaps]) => ({ ...s, batches: chunk(s.merged, cuts), gaps })),
        ),
        fc.uniqueArray(fc.nat(40), { maxLength: 4 }),
        fc.constantFrom(0, 60_000),
        fc.option(fc.integer({ min: 10_000, max: 120_000 }), { nil: undefined }),
        (stream, restartAt, lateness, idleTimeout) => {
          const strategy =
            idleTimeout === undefined
              ? WatermarkStrategy.forPunctuatedWatermarks<Trip>()
              : WatermarkStrategy.forPunctuatedWatermarks<Trip>().withIdleness(idleTimeout);
          const make = (clock: { now(): number }) => ({
            combiner: new WatermarkCombiner<Trip>({
              inputs: stream.shardIds,
              watermarkStrategy: strategy,
              clock,
            }),
            cells: windowOperator(cellWindows, lateness),
            pairs: new WindowOperator({
              assigner: cellWindows,
              keySelector: (t: Trip) => `${t.key}|${t.value >= 20 ? 'long' : 'short'}`,
              aggregate: summaryAggregate,
              allowedLateness: lateness,
            }),
          });
          const run = (restarts: readonly number[]) => {
            const clock = manualClock();
            let parts = make(clock);
            const log: unknown[] = [];
            const output = (name: string) => ({
              result: (r: unknown) => log.push([name, r]),
              late: (l: unknown) => log.push([name, 'late', l]),
            });
            const cellsOut = output('cells');
            const pairsOut = output('pairs');
            const forward = (out: readonly StreamEvent<Trip>[]) => {
              parts.cells.processBatch(out, cellsOut);
              parts.pairs.processBatch(out, pairsOut);
            };
            stream.batches.forEach((batch, i) => {
              clock.time += stream.gaps[i] ?? 1_000;
              if (restarts.includes(i)) {
                const checkpoint = JSON.stringify({
                  combiner: parts.combiner.snapshot(),
                  cells: parts.cells.snapshot(),
                  pairs: parts.pairs.snapshot(),
                });
                parts = make(clock);
                const restored = JSON.parse(checkpoint);
                parts.combiner.restore(restored.combiner);
                parts.cells.restore(restored.cells);
                parts.pairs.restore(restored.pairs);
              }
              const timedOut = parts.combiner.checkIdleness();
              if (timedOut) forward([timedOut]);
              forward(parts.combiner.processBatch(batch));
            });
            const last = parts.combiner.end();
            if (last) forward([last]);
            return {
              log,
              counters: [parts.cells.counters(), parts.pairs.counters()],
              inputs: parts.combiner.inputWatermarks(),
            };
          };
          expect(run(restartAt)).toEqual(run([]));
        },
      ),
      params,
    );
  });
});
