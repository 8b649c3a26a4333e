import { describe, expect, it } from 'vitest';
import {
  countAggregate,
  eventTimeSessionWindows,
  InputEndedError,
  InvalidOptionError,
  InvalidTimestampError,
  maxTimestamp,
  processWindowFunction,
  slidingEventTimeWindows,
  SnapshotError,
  tumblingEventTimeWindows,
  WatermarkCombiner,
  WatermarkStrategy,
  WindowOperator,
  type LateRecord,
  type StreamEvent,
  type WindowAssigner,
  type WindowOutput,
  type WindowResult,
} from '../src/index.js';

function collect<T, K, R>(): WindowOutput<T, K, R> & {
  results: WindowResult<K, R>[];
  lates: LateRecord<T, K>[];
} {
  const results: WindowResult<K, R>[] = [];
  const lates: LateRecord<T, K>[] = [];
  return { results, lates, result: (r) => results.push(r), late: (l) => lates.push(l) };
}

const counter = (assigner: WindowAssigner, allowedLateness = 0) =>
  new WindowOperator({
    assigner,
    keySelector: (v: string) => v,
    aggregate: countAggregate<string>(),
    allowedLateness,
  });
const rec = (timestamp: number, value: string): StreamEvent<string> => ({
  kind: 'record',
  timestamp,
  value,
});

describe('assigners', () => {
  it('tumbling windows are aligned to the epoch plus the offset, also before 1970', () => {
    const out = collect<string, string, number>();
    const op = counter(tumblingEventTimeWindows({ size: 10, offset: -3 }));
    op.processBatch([rec(-1, 'a'), rec(6, 'a'), rec(7, 'a'), rec(-4, 'a')], out);
    op.processWatermark(Infinity, out);
    expect(out.results.map((r) => [r.window.start, r.window.end, r.value])).toEqual([
      [-13, -3, 1],
      [-3, 7, 2],
      [7, 17, 1],
    ]);
    expect(maxTimestamp(out.results[0].window)).toBe(-4);
  });

  it('sliding windows put a record in size / slide windows', () => {
    const out = collect<string, string, number>();
    const op = counter(slidingEventTimeWindows({ size: 30, slide: 10 }));
    op.processBatch([rec(25, 'a'), { kind: 'watermark', timestamp: Infinity }], out);
    expect(out.results.map((r) => r.window)).toEqual([
      { start: 0, end: 30 },
      { start: 10, end: 40 },
      { start: 20, end: 50 },
    ]);
  });

  it('session windows (mergeTouching: false) merge records less than gap apart and report the emitted windows they absorb', () => {
    const out = collect<string, string, number>();
    const op = counter(eventTimeSessionWindows({ gap: 10, mergeTouching: false }), 100);
    op.processBatch(
      [
        rec(0, 'k'),
        rec(30, 'k'),
        { kind: 'watermark', timestamp: 45 }, // fires [0, 10) and [30, 40)
        rec(15, 'k'), // late: [15, 25), merges with neither (touching is not overlapping)
        rec(22, 'k'), // late: bridges [15, 25) and [30, 40) into [15, 40)
        rec(10, 'k'), // late: [10, 20) overlaps [15, 40), giving [10, 40)
      ],
      out,
    );
    expect(out.results).toEqual([
      { key: 'k', window: { start: 0, end: 10 }, value: 1, isUpdate: false },
      { key: 'k', window: { start: 30, end: 40 }, value: 1, isUpdate: false },
      { key: 'k', window: { start: 15, end: 25 }, value: 1, isUpdate: true },
      {
        key: 'k',
        window: { start: 15, end: 40 },
        value: 3,
        isUpdate: true,
        supersedes: [
          { start: 15, end: 25 },
          { start: 30, end: 40 },
        ],
      },
      {
        key: 'k',
        window: { start: 10, end: 40 },
        value: 4,
        isUpdate: true,
        supersedes: [{ start: 15, end: 40 }],
      },
    ]);
  });

  it('rejects bad options with the field and the value', () => {
    expect(() => tumblingEventTimeWindows({ size: 0 })).toThrow(
      new InvalidOptionError('size', 0, 'a safe integer > 0 (ms)'),
    );
    expect(() => tumblingEventTimeWindows({ size: 10, offset: 10 })).toThrow(/offset must be/);
    expect(() => slidingEventTimeWindows({ size: 10, slide: 20 })).toThrow(/slide must be <= size/);
    expect(() => eventTimeSessionWindows({ gap: 1.5 })).toThrow(/gap must be a safe integer > 0/);
    expect(() => counter(tumblingEventTimeWindows({ size: 10 }), -1)).toThrow(
      /allowedLateness must be a safe integer >= 0 \(ms\); got -1/,
    );
    expect(() => counter({ kind: 'tumbling', size: -5, offset: 0 })).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', option: 'assigner.size', value: -5 }),
    );
    expect(() => counter({ kind: 'hopping' } as never)).toThrow(/assigner must be/);
    expect(
      () =>
        new WindowOperator({
          assigner: tumblingEventTimeWindows({ size: 10 }),
          keySelector: (v: string) => v,
          aggregate: { createAccumulator: () => 0, add: () => 0, getResult: () => 0 } as never,
        }),
    ).toThrow(/aggregate.merge must be a function/);
    expect(() => WatermarkStrategy.forBoundedOutOfOrderness(-1)).toThrow(/maxOutOfOrderness/);
    expect(() => WatermarkStrategy.forPunctuatedWatermarks().withIdleness(0)).toThrow(
      /idleTimeout/,
    );
    expect(() => new WatermarkCombiner({ finalWatermark: NaN })).toThrow(/finalWatermark/);
    expect(() => new WatermarkCombiner({ inputs: [1 as never] })).toThrow(/inputs/);
    expect(() => new WatermarkCombiner({ watermarkStrategy: {} as never })).toThrow(
      /watermarkStrategy/,
    );
  });
});

describe('WindowOperator', () => {
  it('rejects NaN and infinite record timestamps and NaN watermarks', () => {
    const op = counter(tumblingEventTimeWindows({ size: 10 }));
    const out = collect<string, string, number>();
    expect(() => op.processBatch([rec(NaN, 'a')], out)).toThrow(InvalidTimestampError);
    expect(() =>
      op.processElement({ kind: 'record', timestamp: Infinity, value: 'a' }, out),
    ).toThrow(/record timestamp must be a whole number of ms/);
    expect(() => op.processWatermark(NaN, out)).toThrow(InvalidTimestampError);
  });

  it('counts what it does', () => {
    const op = counter(tumblingEventTimeWindows({ size: 10 }), 5);
    const out = collect<string, string, number>();
    op.processBatch(
      [rec(1, 'a'), rec(2, 'b'), { kind: 'watermark', timestamp: 9 }, rec(3, 'a')],
      out,
    );
    expect(op.counters()).toEqual({
      elementsIn: 3,
      lateUpdates: 1,
      lateDropped: 0,
      windowsOpen: 2,
      windowsFired: 2,
      watermark: 9,
    });
    op.processBatch([{ kind: 'watermark', timestamp: 14 }, rec(4, 'a')], out);
    expect(op.counters()).toMatchObject({ lateDropped: 1, windowsOpen: 0, watermark: 14 });
    expect(out.lates).toEqual([
      {
        value: 'a',
        timestamp: 4,
        input: undefined,
        key: 'a',
        watermark: 14,
        reason: 'beyond-allowed-lateness',
      },
    ]);
  });

  it('processWindowFunction sees every record of the window with its key and window', () => {
    const op = new WindowOperator({
      assigner: tumblingEventTimeWindows({ size: 10 }),
      keySelector: (v: { k: string; n: number }) => v.k,
      aggregate: processWindowFunction(
        (key: string, window, all: readonly { n: number }[]) =>
          `${key}[${window.start},${window.end}):${all.map((x) => x.n).join('+')}`,
      ),
    });
    const out = collect<{ k: string; n: number }, string, string>();
    op.processBatch(
      [
        { kind: 'record', timestamp: 1, value: { k: 'a', n: 1 } },
        { kind: 'record', timestamp: 2, value: { k: 'a', n: 2 } },
        { kind: 'watermark', timestamp: Infinity },
      ],
      out,
    );
    expect(out.results.map((r) => r.value)).toEqual(['a[0,10):1+2']);
  });

  it('snapshots are plain JSON in a documented shape', () => {
    const op = counter(tumblingEventTimeWindows({ size: 10 }), 5);
    op.processBatch([rec(1, 'a'), rec(12, 'b'), { kind: 'watermark', timestamp: 9 }], collect());
    expect(JSON.parse(JSON.stringify(op.snapshot()))).toEqual({
      format: 'rx-event-time/window-operator',
      version: 1,
      assigner: { kind: 'tumbling', size: 10, offset: 0 },
      allowedLateness: 5,
      watermark: 9,
      counters: { elementsIn: 2, lateUpdates: 0, lateDropped: 0, windowsFired: 1 },
      windows: [
        { start: 0, end: 10, keys: ['a'], accumulators: [1] },
        { start: 10, end: 20, keys: ['b'], accumulators: [1] },
      ],
      sessions: [],
      nextSequence: 0,
    });
    expect(
      new WindowOperator({
        assigner: tumblingEventTimeWindows({ size: 10 }),
        keySelector: (v: string) => v,
        aggregate: countAggregate<string>(),
      }).snapshot().watermark,
    ).toBe('-infinity');
  });

  it('restore rejects a malformed snapshot or one from another assigner, and keeps its state', () => {
    const op = counter(tumblingEventTimeWindows({ size: 10 }));
    op.processElement({ kind: 'record', timestamp: 1, value: 'a' }, collect());
    const good = op.snapshot();
    const other = counter(tumblingEventTimeWindows({ size: 20 })).snapshot();
    expect(() => op.restore(other)).toThrow(
      expect.objectContaining({ name: 'SnapshotError', path: 'assigner' }),
    );
    expect(() => op.restore({ ...good, version: 2 as never })).toThrow(SnapshotError);
    expect(() => op.restore({ ...good, watermark: 'soon' as never })).toThrow(
      /snapshot watermark: expected a whole number of ms, "\+infinity" or "-infinity"/,
    );
    expect(() =>
      op.restore({
        ...good,
        windows: [{ start: 0, end: 10, keys: ['a', 'b'], accumulators: [1] }],
      }),
    ).toThrow(expect.objectContaining({ path: 'windows[0].accumulators' }));
    expect(() =>
      op.restore({ ...good, windows: [{ start: 5, end: 5, keys: [], accumulators: [] }] }),
    ).toThrow(expect.objectContaining({ path: 'windows[0].end' }));
    expect(op.snapshot()).toEqual(good);
  });

  it('custom accumulator (de)serialisation hooks are used', () => {
    const op = new WindowOperator({
      assigner: tumblingEventTimeWindows({ size: 10 }),
      keySelector: () => 'k',
      aggregate: {
        createAccumulator: () => new Set<string>(),
        add: (v: string, s: Set<string>) => s.add(v),
        getResult: (s) => s.size,
        merge: (a, b) => new Set([...a, ...b]),
        snapshotAccumulator: (s) => [...s].sort(),
        restoreAccumulator: (json) => new Set(json as string[]),
      },
    });
    op.processBatch([rec(1, 'x'), rec(2, 'y'), rec(3, 'x')], collect());
    const snapshot = JSON.parse(JSON.stringify(op.snapshot()));
    expect(snapshot.windows[0].accumulators).toEqual([['x', 'y']]);
    op.restore(snapshot);
    const out = collect<string, string, number>();
    op.processWatermark(Infinity, out);
    expect(out.results[0].value).toBe(2);
  });
});

describe('WatermarkCombiner', () => {
  it('reports records and watermarks from an ended input', () => {
    const combiner = new WatermarkCombiner<string>();
    combiner.processBatch([{ kind: 'end', input: 's0' }]);
    expect(() =>
      combiner.processEvent({ kind: 'record', timestamp: 1, value: 'x', input: 's0' }),
    ).toThrow(new InputEndedError('s0', 'record'));
    expect(() => combiner.processEvent({ kind: 'watermark', timestamp: NaN, input: 's1' })).toThrow(
      InvalidTimestampError,
    );
  });

  it('returns the very batch when it only passes records through', () => {
    const combiner = new WatermarkCombiner<string>({ inputs: ['s0'] });
    const batch: StreamEvent<string>[] = [
      { kind: 'record', timestamp: 1, value: 'x', input: 's0' },
    ];
    expect(combiner.processBatch(batch)).toBe(batch);
  });

  it('restores idleness relative to the clock, so downtime does not count as silence', () => {
    const clock = {
      time: 0,
      now() {
        return this.time;
      },
    };
    const strategy = WatermarkStrategy.forPunctuatedWatermarks().withIdleness(100);
    const a = new WatermarkCombiner({ inputs: ['s0', 's1'], watermarkStrategy: strategy, clock });
    a.processBatch([{ kind: 'watermark', timestamp: 5, input: 's0' }]);
    clock.time = 60;
    a.processBatch([{ kind: 'watermark', timestamp: 7, input: 's1' }]);
    const snapshot = JSON.parse(JSON.stringify(a.snapshot()));
    expect(snapshot.inputs.map((i: { silentFor: number }) => i.silentFor)).toEqual([60, 0]);

    clock.time = 10_000; // restarted much later
    const b = new WatermarkCombiner({ inputs: [], watermarkStrategy: strategy, clock });
    b.restore(snapshot);
    expect(b.nextIdleDeadline()).toBe(10_040);
    clock.time = 10_040;
    expect(b.checkIdleness()).toEqual({ kind: 'watermark', timestamp: 7 });
    expect(b.inputWatermarks().map((i) => i.status)).toEqual(['idle', 'active']);
    expect(() =>
      b.restore({ ...snapshot, inputs: [{ ...snapshot.inputs[0], status: 'asleep' }] }),
    ).toThrow(expect.objectContaining({ path: 'inputs[0].status' }));
  });

  it('finalWatermark -Infinity keeps the watermark when every input ends', () => {
    const combiner = new WatermarkCombiner({ finalWatermark: -Infinity });
    const out = combiner.processBatch([
      { kind: 'watermark', timestamp: 5, input: 's0' },
      { kind: 'end', input: 's0' },
    ]);
    expect(out).toEqual([{ kind: 'watermark', timestamp: 5 }]);
    expect(combiner.end()).toBeUndefined();
    expect(combiner.currentWatermark).toBe(5);
  });
});
