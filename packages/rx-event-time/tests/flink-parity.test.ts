import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { lastValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  assignTimestampsAndWatermarks,
  countAggregate,
  eventTimeSessionWindows,
  InvalidOptionError,
  InvalidTimestampError,
  parseDuration,
  slidingEventTimeWindows,
  tumblingEventTimeWindows,
  WatermarkCombiner,
  WatermarkStrategy,
  WindowOperator,
  type LateRecord,
  type StreamEvent,
  type WindowAssigner,
  type WindowResult,
} from '../src/index.js';
import { NUM_RUNS } from './support/streams.js';

// Issue 13, point 8: the cases where an independent differential test against Flink's semantics
// found this package to differ. Each case failed before the fix.

const rec = (timestamp: number, value: string, input?: string): StreamEvent<string> => ({
  kind: 'record',
  timestamp,
  value,
  input,
});
const wm = (timestamp: number, input?: string): StreamEvent<string> => ({
  kind: 'watermark',
  timestamp,
  input,
});

function counter(assigner: WindowAssigner, allowedLateness = 0) {
  return new WindowOperator({
    assigner,
    keySelector: (v: string) => v,
    aggregate: countAggregate<string>(),
    allowedLateness,
  });
}

function collect() {
  const results: WindowResult<string, number>[] = [];
  const lates: LateRecord<string, string>[] = [];
  return {
    results,
    lates,
    result: (r: WindowResult<string, number>) => results.push(r),
    late: (l: LateRecord<string, string>) => lates.push(l),
  };
}

describe('(a) restoring into a smaller allowedLateness', () => {
  it.each([
    ['tumbling', tumblingEventTimeWindows({ size: 10 })],
    ['session', eventTimeSessionWindows({ gap: 10 })],
  ])(
    '%s: drops the windows already past the new lateness; records for them are late',
    (_, assigner) => {
      const before = counter(assigner, 100);
      before.processBatch([rec(1, 'x'), wm(30)], collect()); // fired at 9 (or 10), kept until 109
      const after = counter(assigner, 5);
      after.restore(JSON.parse(JSON.stringify(before.snapshot())));
      expect(after.counters().windowsOpen).toBe(0);
      const out = collect();
      after.processBatch([rec(2, 'x')], out);
      expect(out.results).toEqual([]);
      expect(out.lates).toEqual([
        {
          value: 'x',
          timestamp: 2,
          input: undefined,
          key: 'x',
          watermark: 30,
          reason: 'beyond-allowed-lateness',
        },
      ]);
      expect(after.snapshot().windows).toEqual([]);
      expect(after.snapshot().sessions).toEqual([]);
    },
  );

  it('keeps the windows still within the new lateness, which update as before', () => {
    const before = counter(tumblingEventTimeWindows({ size: 10 }), 100);
    before.processBatch([rec(1, 'x'), rec(25, 'x'), wm(30)], collect());
    const after = counter(tumblingEventTimeWindows({ size: 10 }), 5);
    after.restore(before.snapshot()); // [0, 10) expired at 14; [20, 30) lives until 34
    const out = collect();
    after.processBatch([rec(3, 'x'), rec(26, 'x')], out);
    expect(out.lates.map((l) => l.timestamp)).toEqual([3]);
    expect(out.results).toEqual([
      { key: 'x', window: { start: 20, end: 30 }, value: 2, isUpdate: true },
    ]);
  });
});

describe('(b) timestamps are whole milliseconds', () => {
  it('a record at 9.5 after watermark 9 is refused, not windowed', () => {
    const op = counter(tumblingEventTimeWindows({ size: 10 }));
    const out = collect();
    op.processBatch([wm(9)], out);
    expect(() => op.processBatch([rec(9.5, 'x')], out)).toThrow(InvalidTimestampError);
    expect(() => op.processBatch([rec(9.5, 'x')], out)).toThrow(
      'record timestamp must be a whole number of ms; got 9.5',
    );
    expect(op.counters().elementsIn).toBe(0);
  });

  it('fractional watermarks are refused; ±Infinity are not', () => {
    const op = counter(tumblingEventTimeWindows({ size: 10 }));
    expect(() => op.processWatermark(9.5, collect())).toThrow(InvalidTimestampError);
    expect(() => op.processWatermark(-Infinity, collect())).not.toThrow();
    expect(() => op.processWatermark(Infinity, collect())).not.toThrow();
  });

  it('the combiner refuses fractional records and watermarks, naming the input', () => {
    const combiner = new WatermarkCombiner<string>();
    expect(() => combiner.processBatch([rec(1.25, 'x', 's0')])).toThrow(
      'record timestamp from input "s0" must be a whole number of ms; got 1.25',
    );
    expect(() => combiner.processBatch([wm(0.5, 's0')])).toThrow(
      'watermark timestamp from input "s0" must be a whole number of ms, Infinity or -Infinity; got 0.5',
    );
    expect(() => new WatermarkCombiner({ finalWatermark: 1.5 })).toThrow(InvalidOptionError);
  });

  it('assignTimestampsAndWatermarks refuses a fractional timestamp', async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner(
      (v) => v,
    );
    await expect(
      lastValueFrom(of(1.5).pipe(assignTimestampsAndWatermarks(strategy))),
    ).rejects.toThrow(InvalidTimestampError);
  });
});

describe('(c) parseDuration is exact', () => {
  it("parseDuration('2.3d') is 198720000", () => {
    expect(parseDuration('2.3d')).toBe(198_720_000);
    expect(parseDuration('0.1s')).toBe(100);
    expect(parseDuration('1.001s')).toBe(1_001);
  });

  it('a decimal of a unit that is a whole number of ms is that number, exactly', () => {
    const units = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[])),
        (thousandths, unit) => {
          const text = `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}${unit}`;
          expect(parseDuration(text)).toBe((thousandths * units[unit]) / 1000);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('sub-millisecond results are refused, naming the option', () => {
    expect(() => parseDuration('1.5ms', '--lateness')).toThrow(
      new InvalidOptionError('--lateness', '1.5ms', 'a whole number of ms (at most 2^53 - 1)'),
    );
    expect(() => parseDuration('0.0001s')).toThrow(InvalidOptionError);
    expect(() => parseDuration('1.5')).toThrow(InvalidOptionError);
    expect(() => parseDuration('999999999999d')).toThrow(/at most 2\^53 - 1/);
  });
});

describe('(d) touching session windows merge, as TimeWindow.intersects', () => {
  it('by default a record exactly gap after the last joins its session', () => {
    const op = counter(eventTimeSessionWindows({ gap: 5 }));
    const out = collect();
    op.processBatch([rec(1, 'x'), rec(6, 'x'), wm(Infinity)], out);
    expect(out.results).toEqual([
      { key: 'x', window: { start: 1, end: 11 }, value: 2, isUpdate: false },
    ]);
  });

  it('a record that bridges two sessions by touching both merges all three', () => {
    const op = counter(eventTimeSessionWindows({ gap: 5 }));
    const out = collect();
    op.processBatch([rec(0, 'x'), rec(10, 'x'), rec(5, 'x'), wm(Infinity)], out);
    expect(out.results).toEqual([
      { key: 'x', window: { start: 0, end: 15 }, value: 3, isUpdate: false },
    ]);
  });

  it('as in Flink, a session fired and purged before the touching record arrives stays apart', () => {
    const op = counter(eventTimeSessionWindows({ gap: 5 }));
    const out = collect();
    op.processBatch([rec(1, 'x'), wm(5), rec(6, 'x'), wm(Infinity)], out);
    expect(out.results.map((r) => r.window)).toEqual([
      { start: 1, end: 6 },
      { start: 6, end: 11 },
    ]);
  });

  it('with allowed lateness, a touching record merges into a fired session and supersedes its result', () => {
    const op = counter(eventTimeSessionWindows({ gap: 5 }), 10);
    const out = collect();
    op.processBatch([rec(1, 'x'), wm(5), rec(6, 'x'), wm(Infinity)], out);
    expect(out.results).toEqual([
      { key: 'x', window: { start: 1, end: 6 }, value: 1, isUpdate: false },
      {
        key: 'x',
        window: { start: 1, end: 11 },
        value: 2,
        isUpdate: false,
        supersedes: [{ start: 1, end: 6 }],
      },
    ]);
  });

  it('mergeTouching: false keeps the earlier behaviour: only overlapping sessions merge', () => {
    const assigner = eventTimeSessionWindows({ gap: 5, mergeTouching: false });
    expect(assigner).toEqual({ kind: 'session', gap: 5, mergeTouching: false });
    const op = counter(assigner);
    const out = collect();
    op.processBatch([rec(1, 'x'), rec(6, 'x'), wm(Infinity)], out);
    expect(out.results.map((r) => r.window)).toEqual([
      { start: 1, end: 6 },
      { start: 6, end: 11 },
    ]);
    expect(() => eventTimeSessionWindows({ gap: 5, mergeTouching: 'yes' as never })).toThrow(
      /mergeTouching must be a boolean; got "yes"/,
    );
  });

  it('a snapshot from before the option restores into mergeTouching: false only', () => {
    const old = counter(eventTimeSessionWindows({ gap: 5, mergeTouching: false }));
    old.processBatch([rec(1, 'x')], collect());
    const { mergeTouching: _, ...oldAssigner } = old.snapshot().assigner as {
      mergeTouching: boolean;
    };
    const snapshot = { ...old.snapshot(), assigner: oldAssigner as WindowAssigner };
    expect(() =>
      counter(eventTimeSessionWindows({ gap: 5, mergeTouching: false })).restore(snapshot),
    ).not.toThrow();
    expect(() => counter(eventTimeSessionWindows({ gap: 5 })).restore(snapshot)).toThrow(
      /snapshot assigner/,
    );
  });
});

describe('(e) WatermarkCombiner.restore keeps declared inputs the snapshot lacks', () => {
  it('a shard declared since the snapshot holds the output back until it speaks', () => {
    const before = new WatermarkCombiner<string>({ inputs: ['s0'] });
    before.processBatch([wm(10, 's0')]);
    const after = new WatermarkCombiner<string>({ inputs: ['s0', 's1'] });
    after.restore(JSON.parse(JSON.stringify(before.snapshot())));
    expect(after.currentWatermark).toBe(10);
    expect(after.inputWatermarks().map((i) => [i.input, i.watermark, i.status])).toEqual([
      ['s0', 10, 'active'],
      ['s1', -Infinity, 'active'],
    ]);
    expect(after.processBatch([wm(20, 's0')])).toEqual([]);
    expect(after.processBatch([wm(15, 's1')])).toEqual([{ kind: 'watermark', timestamp: 15 }]);
  });

  it('inputs known only from the snapshot are restored too; the snapshot wins for shared ones', () => {
    const before = new WatermarkCombiner<string>({ inputs: ['s0', 's1'] });
    before.processBatch([wm(10, 's0'), wm(12, 's1'), { kind: 'end', input: 's1' }]);
    const after = new WatermarkCombiner<string>({ inputs: ['s0'] });
    after.restore(before.snapshot());
    expect(after.inputWatermarks().map((i) => [i.input, i.watermark, i.status])).toEqual([
      ['s0', 10, 'active'],
      ['s1', 12, 'ended'],
    ]);
  });
});

describe('(f) how many sliding windows a record belongs to', () => {
  /** The windows an operator puts a single record at `t` in. */
  function windowsOf(size: number, slide: number, offset: number, t: number): number {
    const op = counter(slidingEventTimeWindows({ size, slide, offset }));
    const out = collect();
    op.processBatch([rec(t, 'x'), wm(Infinity)], out);
    return out.results.length;
  }

  it('size 5, slide 3: 2, 2 and 1 windows, not ceil(5 / 3) = 2 for every record', () => {
    expect([0, 1, 2, 3, 4, 5].map((t) => windowsOf(5, 3, 0, t))).toEqual([2, 2, 1, 2, 2, 1]);
  });

  it('the docs state that count, not ceil(size / slide) for every record', () => {
    const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
    for (const text of [
      read('../src/windows/sliding-event-time-windows.ts'),
      read('../README.md'),
    ]) {
      expect(text).toContain('floor((size - 1 - r) / slide) + 1');
      expect(text).not.toMatch(/each record belongs to `ceil\(size \/ slide\)`/);
    }
  });

  it('floor((size - 1 - r) / slide) + 1, r = (t - offset) mod slide, as documented', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((slide) =>
          fc.record({
            slide: fc.constant(slide),
            size: fc.integer({ min: slide, max: 120 }),
            offset: fc.integer({ min: -(slide - 1), max: slide - 1 }),
            t: fc.integer({ min: -1_000, max: 1_000 }),
          }),
        ),
        ({ size, slide, offset, t }) => {
          const r = (((t - offset) % slide) + slide) % slide;
          const expected = Math.floor((size - 1 - r) / slide) + 1;
          expect(windowsOf(size, slide, offset, t)).toBe(expected);
          expect([Math.floor(size / slide), Math.ceil(size / slide)]).toContain(expected);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
