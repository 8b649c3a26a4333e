import { from, lastValueFrom, Subject, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  countAggregate,
  deduplicate,
  Deduplicator,
  InvalidOptionError,
  OperatorInUseError,
  runDeduplicator,
  tumblingEventTimeWindows,
  windowAggregate,
  type StreamRecord,
  type WatermarkedEvent,
} from '../src/index.js';

// Virtual time: 1 frame = 1 ms.
const scheduler = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));
const rec = (timestamp: number, value: string): StreamRecord<string> => ({
  kind: 'record',
  timestamp,
  value,
});
const wm = (timestamp: number): WatermarkedEvent<string> => ({ kind: 'watermark', timestamp });
const byValue = (options = {}) => deduplicate<string>({ key: (v) => v, horizonMs: 10, ...options });

describe('deduplicate: the edge list', () => {
  it('empty: completes without emitting', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<WatermarkedEvent<string>>('|');
      expectObservable(source.pipe(byValue())).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('never: emits nothing and stays subscribed', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<WatermarkedEvent<string>>('-');
      expectObservable(source.pipe(byValue())).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('error: passes the source error on and unsubscribes', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--#', { a: rec(1, 'x') }, new Error('boom'));
      expectObservable(source.pipe(byValue())).toBe(
        '--v--#',
        { v: [rec(1, 'x')] },
        new Error('boom'),
      );
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('unsubscribe early: tears the source subscription down at once', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('--a------b--|', { a: rec(1, 'x'), b: rec(2, 'y') });
      expectObservable(source.pipe(byValue()), '^-----!').toBe('--v---', { v: [rec(1, 'x')] });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('re-entrancy: events pushed by a downstream observer wait until the current emission is done', () => {
    const source = new Subject<WatermarkedEvent<string>[]>();
    const seen: (readonly WatermarkedEvent<string>[])[] = [];
    const duplicates: StreamRecord<string>[] = [];
    source
      .pipe(byValue({ duplicateOutput: (r: StreamRecord<string>) => duplicates.push(r) }))
      .subscribe((batch) => {
        seen.push(batch);
        // A copy of the first record, pushed while the first batch is being emitted.
        if (seen.length === 1) source.next([rec(1, 'x'), rec(3, 'z')]);
      });
    source.next([rec(1, 'x'), rec(2, 'y'), rec(1, 'x')]);
    expect(seen).toEqual([[rec(1, 'x'), rec(2, 'y')], [rec(3, 'z')]]);
    expect(duplicates).toEqual([rec(1, 'x'), rec(1, 'x')]);
  });
});

describe('deduplicate', () => {
  it('drops copies, sends each to duplicateOutput once after its batch, and passes watermarks', () => {
    const duplicates = new Subject<StreamRecord<string>>();
    const order: string[] = [];
    duplicates.subscribe((r) => order.push(`dup ${r.value}@${r.timestamp}`));
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-|', {
        a: [rec(1, 'x'), rec(2, 'y'), rec(1, 'x')],
        b: [rec(3, 'x'), wm(11)], // x is remembered until the watermark reaches 1 + 10
        c: [rec(4, 'x')],
      });
      const out = source.pipe(
        byValue({ duplicateOutput: duplicates }),
        tap((batch) => order.push(`batch of ${batch.length}`)),
      );
      expectObservable(out).toBe('a-b-c-|', {
        a: [rec(1, 'x'), rec(2, 'y')],
        b: [wm(11)],
        c: [rec(4, 'x')],
      });
    });
    expect(order).toEqual(['batch of 2', 'dup x@1', 'batch of 1', 'dup x@3', 'batch of 1']);
  });

  it('a batch of duplicates only emits nothing', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-|', { a: rec(1, 'x'), b: [rec(1, 'x'), rec(2, 'x')] });
      expectObservable(source.pipe(byValue())).toBe('a---|', { a: [rec(1, 'x')] });
    });
  });

  it('an error thrown by the key selector goes downstream and unsubscribes the source', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-|', { a: rec(1, 'ok'), b: rec(2, 'bad') });
      const out = source.pipe(
        deduplicate<string>({
          key: (v) => {
            if (v === 'bad') throw new Error('no key');
            return v;
          },
          horizonMs: 5,
        }),
      );
      expectObservable(out).toBe('a-#', { a: [rec(1, 'ok')] }, new Error('no key'));
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('validates its options at once, naming the field', () => {
    expect(() => deduplicate<string>({ key: (v) => v, horizonMs: Infinity })).toThrow(
      InvalidOptionError,
    );
    expect(() =>
      deduplicate<string>({ key: (v) => v, horizonMs: 1, duplicateOutput: 5 as never }),
    ).toThrow(/duplicateOutput must be an Observer/);
  });

  it('each subscription has its own state', async () => {
    const events$ = from([[rec(1, 'x'), rec(1, 'x')]]);
    const op = byValue();
    expect(await lastValueFrom(events$.pipe(op, toArray()))).toEqual([[rec(1, 'x')]]);
    expect(await lastValueFrom(events$.pipe(op, toArray()))).toEqual([[rec(1, 'x')]]);
  });

  it('in front of the windows, a trip delivered twice counts once', async () => {
    const counts = await lastValueFrom(
      from([
        [rec(1, 'x'), rec(2, 'y')],
        [rec(1, 'x'), wm(9)],
      ]).pipe(
        byValue(),
        windowAggregate(tumblingEventTimeWindows({ size: 10 }), () => 'all', countAggregate()),
        toArray(),
      ),
    );
    expect(counts.map((r) => r.value)).toEqual([2]);
  });
});

describe('runDeduplicator', () => {
  it('drives a shared instance that can be snapshotted between emissions, and refuses a second subscriber', () => {
    const deduplicator = new Deduplicator<string>({ key: (v) => v, horizonMs: 10 });
    const source = new Subject<WatermarkedEvent<string>[]>();
    const errors: unknown[] = [];
    source.pipe(runDeduplicator(deduplicator)).subscribe();
    source.pipe(runDeduplicator(deduplicator)).subscribe({ error: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(OperatorInUseError);
    source.next([rec(1, 'x'), rec(1, 'x')]);
    expect(deduplicator.snapshot().keys).toEqual([['x', 1]]);
    expect(deduplicator.counters().duplicates).toBe(1);
    // Drained by the operator, even without a duplicateOutput.
    expect(deduplicator.drainDuplicates()).toEqual([]);
  });
});
