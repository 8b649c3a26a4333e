import { from, lastValueFrom, Subject, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  InvalidTimestampError,
  OperatorInUseError,
  overWindowAggregate,
  OverWindowOperator,
  runOverWindowOperator,
  slidingMedian,
  SnapshotError,
  topN,
  type OverWindowChange,
  type OverWindowLateRecord,
  type RetractableAggregateFunction,
  type StreamEvent,
  type TopNEntry,
  type TopNUpdate,
} from '../src/index.js';

const scheduler = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));
const rec = (timestamp: number, value: string): StreamEvent<string> => ({
  kind: 'record',
  timestamp,
  value,
});
const count: RetractableAggregateFunction<string, number, number> = {
  createAccumulator: () => 0,
  add: (_v, n) => n + 1,
  retract: (_v, n) => n - 1,
  getResult: (n) => n,
};
const countOver10 = () =>
  overWindowAggregate({ keySelector: (v: string) => v, range: 10, aggregate: count });
const change = (
  kind: 'add' | 'retract',
  key: string,
  timestamp: number,
  time: number,
  n: number,
): OverWindowChange<string, string, number> => ({
  kind,
  key,
  value: key,
  timestamp,
  time,
  count: n,
  result: n,
});

type Case = {
  name: string;
  operator: () => (source: Observable<any>) => Observable<unknown>;
  value: unknown;
  emits: unknown;
};

const cases: Case[] = [
  {
    name: 'overWindowAggregate',
    operator: countOver10,
    value: rec(1, 'a'),
    emits: change('add', 'a', 1, 1, 1),
  },
  {
    name: 'slidingMedian',
    operator: () => slidingMedian({ valueOf: (v: string) => v.length, range: 10 }),
    value: rec(1, 'abc'),
    emits: { kind: 'add', key: '', value: 'abc', timestamp: 1, time: 1, count: 1, result: 3 },
  },
  {
    name: 'topN',
    operator: () => topN({ size: 2, compare: (a: number, b: number) => b - a }),
    value: { kind: 'set', key: 'a', value: 5 },
    emits: [{ key: 'a', value: 5 }],
  },
];

describe.each(cases)('$name: the edge list', ({ operator, value, emits }) => {
  it('empty: completes without emitting', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('|');
      expectObservable(source.pipe(operator())).toBe('|');
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
      expectObservable(source.pipe(operator())).toBe('--v--#', { v: emits }, new Error('boom'));
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('unsubscribe early: tears the source subscription down at once', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('--a------a--|', { a: value });
      expectObservable(source.pipe(operator()), '^-----!').toBe('--v---', { v: emits });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('each subscription has its own state', async () => {
    const op = operator();
    const first = await lastValueFrom(from([value]).pipe(op, toArray()));
    expect(await lastValueFrom(from([value]).pipe(op, toArray()))).toEqual(first);
    expect(first).toEqual([emits]);
  });
});

describe('overWindowAggregate', () => {
  it('retracts what leaves (t - range, t] before adding, oldest first, and reports late records', async () => {
    const late: OverWindowLateRecord<string, string>[] = [];
    const events: (StreamEvent<string> | StreamEvent<string>[])[] = [
      rec(1, 'x'),
      rec(5, 'y'),
      rec(11, 'x'), // x@1 leaves: 1 <= 11 - 10
      [rec(3, 'y'), { kind: 'watermark', timestamp: 16 }], // 3 > 11 - 10: in; then y@3, y@5 leave
      rec(2, 'z'), // 2 <= 16 - 10: late
    ];
    const out = await lastValueFrom(
      from(events).pipe(
        overWindowAggregate({
          keySelector: (v: string) => v,
          range: 10,
          aggregate: count,
          lateOutput: (r) => late.push(r),
        }),
        toArray(),
      ),
    );
    expect(out).toEqual([
      change('add', 'x', 1, 1, 1),
      change('add', 'y', 5, 5, 1),
      change('retract', 'x', 1, 11, 0),
      change('add', 'x', 11, 11, 1),
      change('add', 'y', 3, 11, 2),
      change('retract', 'y', 3, 16, 1),
      change('retract', 'y', 5, 16, 0),
    ]);
    expect(late).toEqual([{ value: 'z', timestamp: 2, input: undefined, key: 'z', time: 16 }]);
  });

  it('a throwing key selector errors the stream', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a', { a: rec(1, 'bad') });
      const out = source.pipe(
        overWindowAggregate({
          keySelector: () => {
            throw new Error('no key');
          },
          range: 10,
          aggregate: count,
        }),
      );
      expectObservable(out).toBe('-#', undefined, new Error('no key'));
    });
  });

  it('re-entrancy: records pushed by a downstream observer wait until the current emission is done', () => {
    const source = new Subject<StreamEvent<string>[]>();
    const seen: OverWindowChange<string, string, number>[] = [];
    source.pipe(countOver10()).subscribe((c) => {
      seen.push(c);
      if (seen.length === 1) source.next([rec(30, 'z')]);
    });
    source.next([rec(1, 'x'), rec(2, 'y')]);
    expect(seen).toEqual([
      change('add', 'x', 1, 1, 1),
      change('add', 'y', 2, 2, 1),
      change('retract', 'x', 1, 30, 0),
      change('retract', 'y', 2, 30, 0),
      change('add', 'z', 30, 30, 1),
    ]);
  });

  it('validates its options when called, naming the bad one', () => {
    expect(() =>
      overWindowAggregate({ keySelector: (v: string) => v, range: 0, aggregate: count }),
    ).toThrow(new InvalidOptionError('range', 0, 'a safe integer > 0 (ms)'));
    expect(() =>
      overWindowAggregate({
        keySelector: (v: string) => v,
        range: 5,
        aggregate: { ...count, retract: undefined } as never,
      }),
    ).toThrow(/aggregate\.retract must be a function/);
    expect(() => slidingMedian({ valueOf: 3 as never, range: 5 })).toThrow(
      /valueOf must be a function/,
    );
  });
});

describe('OverWindowOperator timestamps', () => {
  // Whole ms, as every other operator: with 9.5 after time 9, `(t - range, t]` would hold records
  // Flink's `long` timestamps cannot express.
  const operator = () =>
    new OverWindowOperator({ keySelector: (v: string) => v, range: 10, aggregate: count });
  const output = { change: () => {}, late: () => {} };

  it('refuses a record timestamp that is not a whole number of ms, naming the input', () => {
    for (const bad of [1.5, NaN, Infinity, -Infinity, '5' as unknown as number]) {
      const o = operator();
      expect(() =>
        o.processElement({ kind: 'record', timestamp: bad, value: 'x', input: 'shard-1' }, output),
      ).toThrow(new InvalidTimestampError('record', bad, 'shard-1'));
      expect(o.counters()).toMatchObject({ elementsIn: 0, inRange: 0 });
    }
  });

  it('refuses a watermark that is not whole ms or ±Infinity, and takes ±Infinity', () => {
    const o = operator();
    for (const bad of [2.5, NaN, null as unknown as number]) {
      expect(() => o.processWatermark(bad, output)).toThrow(
        new InvalidTimestampError('watermark', bad, undefined),
      );
    }
    expect(o.currentTime).toBe(-Infinity);
    o.processWatermark(-Infinity, output);
    o.processWatermark(7, output);
    expect(o.currentTime).toBe(7);
    o.processWatermark(Infinity, output);
    expect(o.currentTime).toBe(Infinity);
  });
});

describe('runOverWindowOperator', () => {
  it('drives a shared instance that can be snapshotted between emissions, and refuses a second subscriber', () => {
    const operator = new OverWindowOperator({
      keySelector: (v: string) => v,
      range: 10,
      aggregate: count,
    });
    const source = new Subject<StreamEvent<string>>();
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    source.pipe(runOverWindowOperator(operator)).subscribe((c) => seen.push(c));
    source.pipe(runOverWindowOperator(operator)).subscribe({ error: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(OperatorInUseError);
    source.next(rec(1, 'x'));
    source.next(rec(4, 'x'));
    const snapshot = operator.snapshot();
    expect(snapshot.records).toEqual([
      { key: 'x', timestamp: 1, value: 'x' },
      { key: 'x', timestamp: 4, value: 'x' },
    ]);
    expect(snapshot.keys).toEqual([{ key: 'x', count: 2, accumulator: 2 }]);
    const other = new OverWindowOperator({
      keySelector: (v: string) => v,
      range: 5,
      aggregate: count,
    });
    expect(() => other.restore(snapshot)).toThrow(SnapshotError);
    expect(() =>
      operator.restore({ ...snapshot, keys: [{ key: 'x', count: 3, accumulator: 2 }] }),
    ).toThrow(/count 3 differs from its records/);
    expect(operator.counters()).toMatchObject({ elementsIn: 2, inRange: 2, keys: 1, time: 4 });
  });
});

describe('topN', () => {
  it('emits only when the ranking changes; an array of updates is one step', () => {
    const set = (key: string, value: number): TopNUpdate<string, number> => ({
      kind: 'set',
      key,
      value,
    });
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcde|', {
        a: set('x', 3),
        b: set('y', 1), // ranks second: changed
        c: set('z', 0), // below the top 2: no output
        d: [set('z', 9), set('z', 0)], // in and out within one step: no output
        e: { kind: 'delete', key: 'x' } as const,
      });
      const r = (...entries: [string, number][]): TopNEntry<string, number>[] =>
        entries.map(([key, value]) => ({ key, value }));
      expectObservable(
        source.pipe(topN({ size: 2, compare: (a: number, b: number) => b - a })),
      ).toBe('ab--e|', { a: r(['x', 3]), b: r(['x', 3], ['y', 1]), e: r(['y', 1], ['z', 0]) });
    });
  });
});
