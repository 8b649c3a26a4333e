import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  medianAggregate,
  OverWindowOperator,
  type OverWindowChange,
  type OverWindowLateRecord,
  type OverWindowOutput,
  type RetractableAggregateFunction,
  type StreamEvent,
} from '../src/index.js';
import { NUM_RUNS } from './support/streams.js';

interface Item {
  readonly id: number;
  readonly key: string;
  readonly amount: number;
}

/** Sum and count: exact on integers, so incremental equals from-scratch. */
const sumAggregate: RetractableAggregateFunction<Item, { sum: number; n: number }, string> = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (item, acc) => ({ sum: acc.sum + item.amount, n: acc.n + 1 }),
  retract: (item, acc) => ({ sum: acc.sum - item.amount, n: acc.n - 1 }),
  getResult: (acc) => `${acc.n}:${acc.sum}`,
};

const eventsArbitrary = fc
  .array(
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant('record' as const),
          step: fc.integer({ min: -40, max: 60 }),
          key: fc.constantFrom('a', 'b', 'c', 'd'),
          amount: fc.integer({ min: -5, max: 20 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('watermark' as const),
          step: fc.integer({ min: -20, max: 120 }),
        }),
      },
    ),
    { maxLength: 150 },
  )
  .map((steps) => {
    let t = 1_000;
    return steps.map((s, id): StreamEvent<Item> => {
      t += s.step;
      return s.kind === 'record'
        ? { kind: 'record', timestamp: t, value: { id, key: s.key, amount: s.amount } }
        : { kind: 'watermark', timestamp: t };
    });
  });

/** From scratch: every record ever accepted, the time, and each key's window at that time. */
class BruteOverWindow {
  time = -Infinity;
  accepted: { timestamp: number; item: Item }[] = [];
  constructor(private readonly range: number) {}

  /** Returns false if the record is late. */
  step(event: StreamEvent<Item>): boolean {
    if (event.kind === 'watermark') {
      this.time = Math.max(this.time, event.timestamp);
      return true;
    }
    if (event.kind !== 'record') return true;
    if (event.timestamp <= this.time - this.range) return false;
    this.time = Math.max(this.time, event.timestamp);
    this.accepted.push({ timestamp: event.timestamp, item: event.value });
    return true;
  }

  windows(): Map<string, Item[]> {
    const out = new Map<string, Item[]>();
    for (const { timestamp, item } of this.accepted) {
      if (timestamp > this.time - this.range && timestamp <= this.time) {
        out.set(item.key, [...(out.get(item.key) ?? []), item]);
      }
    }
    return out;
  }
}

function collector() {
  const changes: OverWindowChange<Item, string, unknown>[] = [];
  const late: OverWindowLateRecord<Item, string>[] = [];
  const output: OverWindowOutput<Item, string, unknown> = {
    change: (c) => changes.push(c),
    late: (r) => late.push(r),
  };
  return { changes, late, output };
}

const median = (values: number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

describe('OverWindowOperator equals a from-scratch window at every step', () => {
  it('sum and count per key, late records, retractions', () => {
    fc.assert(
      fc.property(eventsArbitrary, fc.integer({ min: 1, max: 150 }), (events, range) => {
        const operator = new OverWindowOperator({
          keySelector: (item: Item) => item.key,
          range,
          aggregate: sumAggregate,
        });
        const brute = new BruteOverWindow(range);
        const { changes, late, output } = collector();
        const added = new Set<number>();
        const retracted = new Set<number>();
        for (const event of events) {
          const before = changes.length;
          const lateBefore = late.length;
          operator.processEvent(event, output);
          const accepted = brute.step(event);
          if (event.kind === 'record') expect(late.length - lateBefore).toBe(accepted ? 0 : 1);
          for (const change of changes.slice(before)) {
            (change.kind === 'add' ? added : retracted).add(change.value.id);
          }
          const windows = brute.windows();
          expect(operator.counters().keys).toBe(windows.size);
          for (const key of ['a', 'b', 'c', 'd']) {
            const items = windows.get(key) ?? [];
            const expected =
              items.length === 0
                ? undefined
                : `${items.length}:${items.reduce((s, i) => s + i.amount, 0)}`;
            expect(operator.resultOf(key)).toBe(expected);
          }
          // Every change reports the key's state right after it, and the time it happened at.
          for (const change of changes.slice(before)) expect(change.time).toBe(brute.time);
        }
        const inRange = new Set([...brute.windows().values()].flat().map((i) => i.id));
        expect(added).toEqual(new Set(brute.accepted.map((a) => a.item.id)));
        expect(retracted).toEqual(new Set([...added].filter((id) => !inRange.has(id))));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('medianAggregate: the median per key equals sorting the window', () => {
    fc.assert(
      fc.property(eventsArbitrary, fc.integer({ min: 1, max: 150 }), (events, range) => {
        const operator = new OverWindowOperator({
          keySelector: (item: Item) => item.key,
          range,
          aggregate: medianAggregate((item: Item) => item.amount),
        });
        const brute = new BruteOverWindow(range);
        const { output } = collector();
        for (const event of events) {
          operator.processEvent(event, output);
          brute.step(event);
          const windows = brute.windows();
          for (const key of ['a', 'b', 'c', 'd']) {
            const items = windows.get(key);
            expect(operator.resultOf(key)).toBe(
              items === undefined ? undefined : median(items.map((i) => i.amount)),
            );
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('snapshot, JSON, restore at any point continues exactly like the original', () => {
    fc.assert(
      fc.property(
        eventsArbitrary,
        fc.integer({ min: 1, max: 150 }),
        fc.nat(),
        (events, range, cutSeed) => {
          const make = () =>
            new OverWindowOperator({
              keySelector: (item: Item) => item.key,
              range,
              aggregate: medianAggregate((item: Item) => item.amount),
            });
          const cut = events.length === 0 ? 0 : cutSeed % (events.length + 1);
          const original = make();
          const a = collector();
          original.processBatch(events.slice(0, cut), a.output);
          const restored = make();
          restored.restore(JSON.parse(JSON.stringify(original.snapshot())));
          expect(restored.snapshot()).toEqual(original.snapshot());
          const before = a.changes.length;
          const b = collector();
          original.processBatch(events.slice(cut), a.output);
          restored.processBatch(events.slice(cut), b.output);
          expect(b.changes).toEqual(a.changes.slice(before));
          expect(restored.counters()).toEqual(original.counters());
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
