import { from, lastValueFrom, Subject, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  assignTimestampsAndWatermarks,
  combineWatermarks,
  countAggregate,
  eventTimeSessionWindows,
  OperatorInUseError,
  runWatermarkCombiner,
  runWindowOperator,
  tumblingEventTimeWindows,
  WatermarkCombiner,
  WatermarkStrategy,
  windowAggregate,
  WindowOperator,
  windowProcess,
  type LateRecord,
  type StreamEvent,
  type WatermarkedEvent,
  type WindowResult,
} from '../src/index.js';

// Virtual time: 1 frame = 1 ms. Event times are small numbers so marbles stay readable.
const scheduler = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));
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
const result = (
  key: string,
  start: number,
  end: number,
  value: number,
  isUpdate = false,
): WindowResult<string, number> => ({ key, window: { start, end }, value, isUpdate });

/** Tumbling 10 ms windows counting records per value. */
const countPer10 = (options = {}) =>
  windowAggregate(
    tumblingEventTimeWindows({ size: 10 }),
    (v: string) => v,
    countAggregate<string>(),
    options,
  );

type Case = {
  name: string;
  operator: () => (source: Observable<any>) => Observable<unknown>;
  value: unknown;
  /** What the operator emits for `value` alone, if anything. */
  emits?: unknown;
  /** What completion of an empty source emits before completing (the final watermark, if any). */
  empty: Record<string, unknown>;
  emptyMarble: string;
};

const cases: Case[] = [
  {
    name: 'windowAggregate',
    operator: () => countPer10(),
    value: rec(1, 'a'),
    empty: {},
    emptyMarble: '|',
  },
  {
    name: 'windowProcess',
    operator: () =>
      windowProcess(
        tumblingEventTimeWindows({ size: 10 }),
        (v: string) => v,
        (_k, _w, all) => all.length,
      ),
    value: [rec(1, 'a')],
    empty: {},
    emptyMarble: '|',
  },
  {
    name: 'combineWatermarks',
    operator: () => combineWatermarks<string>(),
    value: rec(1, 'a', 's0'),
    emits: [rec(1, 'a', 's0')],
    empty: { w: [{ kind: 'watermark', timestamp: Infinity }] },
    emptyMarble: '(w|)',
  },
  {
    name: 'assignTimestampsAndWatermarks',
    operator: () =>
      assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<string>().withTimestampAssigner((v) => v.length),
      ),
    value: 'abc',
    emits: [
      { kind: 'record', timestamp: 3, value: 'abc', input: undefined },
      { kind: 'watermark', timestamp: 2 },
    ],
    empty: { w: [{ kind: 'watermark', timestamp: Infinity }] },
    emptyMarble: '(w|)',
  },
];

describe.each(cases)('$name: the edge list', ({ operator, value, emits, empty, emptyMarble }) => {
  const v = emits === undefined ? '-' : 'v';
  it('empty: completes, after the final watermark where there is one', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('|');
      expectObservable(source.pipe(operator())).toBe(emptyMarble, empty);
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('never: emits nothing and stays subscribed', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-');
      expectObservable(source.pipe(operator())).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('error: passes the source error on and unsubscribes', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--#', { a: value }, new Error('boom'));
      const out = source.pipe(operator());
      expectObservable(out).toBe(`--${v}--#`, { v: emits }, new Error('boom'));
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('unsubscribe early: tears the source subscription down at once', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('--a------a--|', { a: value });
      expectObservable(source.pipe(operator()), '^-----!').toBe(`--${v}---`, { v: emits });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });
});

describe('windowAggregate', () => {
  it('fires each window when the watermark reaches end - 1, in watermark order, then the rest at completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-e-f-|', {
        a: rec(1, 'x'),
        b: rec(12, 'y'),
        c: rec(3, 'x'),
        d: wm(8),
        e: wm(9),
        f: [rec(15, 'y'), wm(19), rec(25, 'x')],
      });
      expectObservable(source.pipe(countPer10())).toBe('--------a-b-(c|)', {
        a: result('x', 0, 10, 2),
        b: result('y', 10, 20, 2),
        c: result('x', 20, 30, 1),
      });
    });
  });

  it('late events: within allowed lateness they re-fire as updates; beyond it they go to the late output', () => {
    const late: LateRecord<string, string>[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d-|', {
        a: [rec(1, 'x'), wm(9)],
        b: rec(2, 'x'), // window [0, 10) fired, still within lateness 5
        c: wm(14), // purges [0, 10)
        d: rec(3, 'x'),
      });
      expectObservable(
        source.pipe(
          countPer10({
            allowedLateness: 5,
            lateOutput: (l: LateRecord<string, string>) => late.push(l),
          }),
        ),
      ).toBe('a-b-----|', { a: result('x', 0, 10, 1), b: result('x', 0, 10, 2, true) });
    });
    expect(late).toEqual([
      {
        value: 'x',
        timestamp: 3,
        input: undefined,
        key: 'x',
        watermark: 14,
        reason: 'beyond-allowed-lateness',
      },
    ]);
  });

  it('an error thrown by the key selector goes downstream and unsubscribes the source', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-|', { a: rec(1, 'ok'), b: rec(2, 'bad') });
      const out = source.pipe(
        windowAggregate(
          tumblingEventTimeWindows({ size: 10 }),
          (v: string) => {
            if (v === 'bad') throw new Error('no key');
            return v;
          },
          countAggregate<string>(),
        ),
      );
      expectObservable(out).toBe('--#', undefined, new Error('no key'));
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('re-entrancy: events pushed by a downstream observer wait until the current emission is done', () => {
    const source = new Subject<StreamEvent<string>[]>();
    const seen: WindowResult<string, number>[] = [];
    source.pipe(countPer10({ allowedLateness: 100 })).subscribe((r) => {
      seen.push(r);
      // A late record for the first window, pushed while its firing is still being emitted.
      if (seen.length === 1) source.next([rec(5, 'x')]);
    });
    source.next([rec(1, 'x'), rec(2, 'y'), wm(9)]);
    expect(seen).toEqual([
      result('x', 0, 10, 1),
      result('y', 0, 10, 1),
      result('x', 0, 10, 2, true),
    ]);
  });

  it('each subscription has its own state', async () => {
    const events$ = from([[rec(1, 'x'), rec(2, 'x')]]);
    const op = countPer10();
    expect(await lastValueFrom(events$.pipe(op, toArray()))).toEqual([result('x', 0, 10, 2)]);
    expect(await lastValueFrom(events$.pipe(op, toArray()))).toEqual([result('x', 0, 10, 2)]);
  });

  it('finalWatermark -Infinity completes without firing open windows', async () => {
    const out = await lastValueFrom(
      from([[rec(1, 'x')]]).pipe(countPer10({ finalWatermark: -Infinity }), toArray()),
    );
    expect(out).toEqual([]);
  });
});

describe('runWindowOperator', () => {
  it('drives a shared instance that can be snapshotted between emissions, and refuses a second subscriber', () => {
    const operator = new WindowOperator({
      assigner: eventTimeSessionWindows({ gap: 5 }),
      keySelector: (v: string) => v,
      aggregate: countAggregate<string>(),
    });
    const source = new Subject<StreamEvent<string>[]>();
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    source.pipe(runWindowOperator(operator)).subscribe((r) => seen.push(r));
    source.pipe(runWindowOperator(operator)).subscribe({ error: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(OperatorInUseError);
    source.next([rec(1, 'x'), rec(3, 'x')]);
    expect(operator.snapshot().sessions).toEqual([
      { key: 'x', start: 1, end: 8, sequence: 0, supersedes: [], accumulator: 2 },
    ]);
    source.complete();
    expect(seen).toEqual([result('x', 1, 8, 2)]);
  });
});

describe('combineWatermarks', () => {
  it('idle sources: a silent shard is excluded after the idleness timeout, in virtual time', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 9ms b 19ms c 99ms |', {
        a: [rec(1, 'x', 's0'), wm(5, 's0'), wm(3, 's1')],
        b: wm(20, 's0'),
        c: wm(40, 's0'),
      });
      const out = source.pipe(
        combineWatermarks<string>({
          inputs: ['s0', 's1'],
          watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<string>().withIdleness(15),
        }),
      );
      // t=0: min(5, 3) = 3. t=10: s1 still active -> 3. t=15: s1 idle -> 20. t=30: 40. End: +Inf.
      expectObservable(out).toBe('a 14ms b 14ms c 99ms (d|)', {
        a: [rec(1, 'x', 's0'), { kind: 'watermark', timestamp: 3 }],
        b: [{ kind: 'watermark', timestamp: 20 }],
        c: [{ kind: 'watermark', timestamp: 40 }],
        d: [{ kind: 'watermark', timestamp: Infinity }],
      });
    });
  });

  it('an idle shard that speaks again holds the watermark back until it catches up', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<StreamEvent<string>[]>('a 19ms b c d |', {
        a: [wm(10, 's0'), wm(10, 's1')],
        b: [wm(30, 's0'), { kind: 'idle', input: 's1' }],
        c: [rec(12, 'late-ish', 's1')], // s1 is active again, at 10: holds the output at 30
        d: [wm(50, 's0'), wm(45, 's1')],
      });
      expectObservable(source.pipe(combineWatermarks<string>())).toBe('a 19ms b c d (e|)', {
        a: [{ kind: 'watermark', timestamp: 10 }],
        b: [{ kind: 'watermark', timestamp: 30 }],
        c: [rec(12, 'late-ish', 's1')],
        d: [{ kind: 'watermark', timestamp: 45 }],
        e: [{ kind: 'watermark', timestamp: Infinity }],
      });
    });
  });

  it('out-of-order sources: bounded out-of-orderness trails the highest timestamp per shard', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-|', {
        a: [rec(10, 'x', 's0'), rec(7, 'y', 's0'), rec(30, 'z', 's1')],
        b: [rec(25, 'w', 's0')],
      });
      const out = source.pipe(
        combineWatermarks<string>({
          watermarkStrategy: WatermarkStrategy.forBoundedOutOfOrderness<string>(5),
        }),
      );
      expectObservable(out).toBe('a-b-(c|)', {
        a: [
          rec(10, 'x', 's0'),
          rec(7, 'y', 's0'),
          rec(30, 'z', 's1'),
          { kind: 'watermark', timestamp: 4 },
        ],
        b: [rec(25, 'w', 's0'), { kind: 'watermark', timestamp: 19 }],
        c: [{ kind: 'watermark', timestamp: Infinity }],
      });
    });
  });

  it('the idleness timer is cancelled on unsubscription', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const source = hot('a', { a: wm(1, 's0') });
      const out = source.pipe(
        combineWatermarks<string>({
          inputs: ['s0', 's1'],
          watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<string>().withIdleness(5),
        }),
      );
      expectObservable(out, '^--!').toBe('-');
    });
  });

  it('runWatermarkCombiner feeds two window operators from one combiner (the processor shape)', async () => {
    const combiner = new WatermarkCombiner<string>({ inputs: ['s0', 's1'] });
    const events: StreamEvent<string>[][] = [
      [rec(1, 'x', 's0'), wm(12, 's0')],
      [rec(2, 'y', 's1'), wm(15, 's1')],
      [
        { kind: 'end', input: 's0' },
        { kind: 'end', input: 's1' },
      ],
    ];
    const watermarked: (readonly WatermarkedEvent<string>[])[] = await lastValueFrom(
      from(events).pipe(runWatermarkCombiner(combiner), toArray()),
    );
    const a = await lastValueFrom(from(watermarked).pipe(countPer10(), toArray()));
    expect(a).toEqual([result('x', 0, 10, 1), result('y', 0, 10, 1)]);
    expect(combiner.inputWatermarks().map((i) => i.status)).toEqual(['ended', 'ended']);
  });
});

describe('assignTimestampsAndWatermarks', () => {
  it('assigns timestamps, generates watermarks per emission, and tags an input', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-|', { a: [{ t: 10 }, { t: 4 }], b: { t: 20 } });
      const out = source.pipe(
        assignTimestampsAndWatermarks(
          WatermarkStrategy.forBoundedOutOfOrderness<{ t: number }>(2).withTimestampAssigner(
            (v) => v.t,
          ),
          { input: 'file-1' },
        ),
      );
      expectObservable(out).toBe('a-b-(c|)', {
        a: [
          { kind: 'record', timestamp: 10, value: { t: 10 }, input: 'file-1' },
          { kind: 'record', timestamp: 4, value: { t: 4 }, input: 'file-1' },
          { kind: 'watermark', timestamp: 7, input: 'file-1' },
        ],
        b: [
          { kind: 'record', timestamp: 20, value: { t: 20 }, input: 'file-1' },
          { kind: 'watermark', timestamp: 17, input: 'file-1' },
        ],
        c: [{ kind: 'watermark', timestamp: Infinity, input: 'file-1' }],
      });
    });
  });

  it('a timestamp that is not a finite number is an error downstream', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const out = cold('a', { a: 'x' }).pipe(
        assignTimestampsAndWatermarks(
          WatermarkStrategy.forMonotonousTimestamps<string>().withTimestampAssigner(() => NaN),
        ),
      );
      expectObservable(out).toBe(
        '#',
        undefined,
        expect.objectContaining({ name: 'InvalidTimestampError' }),
      );
    });
  });
});
