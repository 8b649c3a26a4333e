import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEDUPLICATOR_SNAPSHOT_FORMAT,
  Deduplicator,
  InvalidKeyError,
  InvalidOptionError,
  InvalidTimestampError,
  SnapshotError,
  type DeduplicatorSnapshot,
  type StreamRecord,
  type WatermarkedEvent,
} from '../src/index.js';
import { chunk, cutsArbitrary, NUM_RUNS } from './support/streams.js';

interface Trip {
  readonly id: string;
  /** Tells copies of one id apart, so the test sees which copy was kept. */
  readonly copy: number;
}

const rec = (timestamp: number, id: string, copy = 0): StreamRecord<Trip> => ({
  kind: 'record',
  timestamp,
  value: { id, copy },
});
const wm = (timestamp: number): WatermarkedEvent<Trip> => ({ kind: 'watermark', timestamp });
const dedup = (horizonMs: number) => new Deduplicator<Trip>({ key: (t) => t.id, horizonMs });

/**
 * The brute-force model, written from the definition rather than from the implementation: a record
 * is a duplicate when the last record of its key that was let through is still remembered, i.e.
 * the highest watermark so far is below that record's timestamp + horizon.
 */
function model(
  events: readonly WatermarkedEvent<Trip>[],
  horizonMs: number,
): { out: WatermarkedEvent<Trip>[]; duplicates: StreamRecord<Trip>[]; keys: number } {
  const out: WatermarkedEvent<Trip>[] = [];
  const duplicates: StreamRecord<Trip>[] = [];
  const kept: StreamRecord<Trip>[] = [];
  let watermark = -Infinity;
  for (const event of events) {
    if (event.kind === 'watermark') {
      watermark = Math.max(watermark, event.timestamp);
      out.push(event);
      continue;
    }
    const previous = kept.filter((r) => r.value.id === event.value.id).at(-1);
    if (previous !== undefined && previous.timestamp + horizonMs > watermark) {
      duplicates.push(event);
    } else {
      kept.push(event);
      out.push(event);
    }
  }
  const remembered = new Set(
    kept.filter((r) => r.timestamp + horizonMs > watermark).map((r) => r.value.id),
  );
  return { out, duplicates, keys: remembered.size };
}

/** Records of a few ids around a clock that moves forward, copies re-sent later, watermarks. */
const streamArbitrary = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
          step: fc.integer({ min: 0, max: 10 }),
          jitter: fc.integer({ min: -20, max: 20 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ watermarkLag: fc.integer({ min: -5, max: 40 }) }),
      },
    ),
    { maxLength: 120 },
  )
  .chain((steps) => {
    let clock = -50; // before 1970 too
    let copy = 0;
    const events: WatermarkedEvent<Trip>[] = steps.map((s) => {
      if ('watermarkLag' in s) return wm(clock - s.watermarkLag);
      clock += s.step;
      return rec(clock + s.jitter, s.id, copy++);
    });
    return fc.constantFrom(events, [...events, wm(Infinity)]);
  });

describe('Deduplicator', () => {
  it('property: equals the brute-force model, for any batching and any snapshot/restore points', () => {
    fc.assert(
      fc.property(
        streamArbitrary.chain((events) =>
          fc.record({
            events: fc.constant(events),
            horizonMs: fc.integer({ min: 0, max: 60 }),
            cuts: cutsArbitrary(events.length, 15),
            restoreAt: fc.array(fc.nat(15), { maxLength: 4 }),
          }),
        ),
        ({ events, horizonMs, cuts, restoreAt }) => {
          const expected = model(events, horizonMs);
          const batches = chunk(events, cuts);
          let operator = dedup(horizonMs);
          const out: WatermarkedEvent<Trip>[] = [];
          const duplicates: StreamRecord<Trip>[] = [];
          batches.forEach((batch, i) => {
            if (restoreAt.includes(i)) {
              const json = JSON.parse(JSON.stringify(operator.snapshot())) as DeduplicatorSnapshot;
              operator = dedup(horizonMs);
              operator.restore(json);
            }
            out.push(...operator.processBatch(batch));
            duplicates.push(...operator.drainDuplicates());
          });
          expect(out).toEqual(expected.out);
          expect(duplicates).toEqual(expected.duplicates);
          const counters = operator.counters();
          const records = events.filter((e) => e.kind === 'record').length;
          expect(counters.records).toBe(records);
          expect(counters.duplicates).toBe(expected.duplicates.length);
          expect(counters.keys).toBe(expected.keys);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('returns the batch itself when nothing was dropped, and drains each duplicate once', () => {
    const operator = dedup(10);
    const batch = [rec(1, 'a'), rec(2, 'b'), wm(0)];
    expect(operator.processBatch(batch)).toBe(batch);
    expect(operator.processBatch([rec(3, 'a', 1), rec(4, 'c')])).toEqual([rec(4, 'c')]);
    expect(operator.drainDuplicates()).toEqual([rec(3, 'a', 1)]);
    expect(operator.drainDuplicates()).toEqual([]);
    expect(operator.counters()).toEqual({
      records: 4,
      duplicates: 1,
      keys: 3,
      expired: 0,
      watermark: 0,
    });
  });

  it('forgets a key once the watermark reaches timestamp + horizonMs, not before', () => {
    const operator = dedup(10);
    operator.processBatch([rec(5, 'a'), wm(14), rec(6, 'a', 1)]);
    expect(operator.drainDuplicates()).toEqual([rec(6, 'a', 1)]);
    expect(operator.processBatch([wm(15), rec(7, 'a', 2)])).toEqual([wm(15), rec(7, 'a', 2)]);
    expect(operator.counters()).toMatchObject({ keys: 1, expired: 1 });
  });

  it('snapshot is plain JSON with one [key, first timestamp] per remembered key', () => {
    const operator = dedup(100);
    operator.processBatch([rec(5, 'a'), rec(3, 'b'), rec(9, 'a', 1), wm(-Infinity)]);
    expect(operator.snapshot()).toEqual({
      format: DEDUPLICATOR_SNAPSHOT_FORMAT,
      version: 1,
      horizonMs: 100,
      watermark: '-infinity',
      counters: { records: 3, duplicates: 1, expired: 0 },
      keys: [
        ['a', 5],
        ['b', 3],
      ],
    });
  });

  it('restoring into a smaller horizon forgets the keys already past it', () => {
    const before = dedup(100);
    before.processBatch([rec(5, 'a'), rec(50, 'b'), wm(40)]);
    const after = dedup(20);
    after.restore(before.snapshot());
    expect(after.counters()).toMatchObject({ keys: 1, expired: 1, watermark: 40 });
    expect(after.processBatch([rec(6, 'a', 1), rec(51, 'b', 1)])).toEqual([rec(6, 'a', 1)]);
  });

  it('validates its options, naming the field and the value', () => {
    expect(() => new Deduplicator<Trip>({ key: (t) => t.id, horizonMs: -1 })).toThrow(
      new InvalidOptionError('horizonMs', -1, 'a safe integer >= 0 (ms)'),
    );
    expect(() => new Deduplicator<Trip>({ key: (t) => t.id, horizonMs: 1.5 })).toThrow(
      /horizonMs must be a safe integer >= 0 \(ms\); got 1.5/,
    );
    expect(() => new Deduplicator<Trip>({ key: undefined as never, horizonMs: 1 })).toThrow(
      /key must be a function/,
    );
  });

  it('rejects fractional or infinite record timestamps, NaN watermarks and keys that are neither strings nor safe integers', () => {
    expect(() => dedup(1).processBatch([rec(1.5, 'a')])).toThrow(InvalidTimestampError);
    expect(() => dedup(1).processBatch([rec(Infinity, 'a')])).toThrow(InvalidTimestampError);
    expect(() => dedup(1).processBatch([wm(NaN)])).toThrow(InvalidTimestampError);
    expect(() => dedup(1).processBatch([wm(2.5)])).toThrow(InvalidTimestampError);
    for (const bad of [1.5, NaN, 2 ** 53, -Infinity, {}, null, undefined, 1n]) {
      const operator = new Deduplicator<Trip>({ key: () => bad as never, horizonMs: 1 });
      expect(() => operator.processBatch([rec(1, 'a')])).toThrow(InvalidKeyError);
    }
  });

  it('takes safe integer keys, tells 1 from "1", and keeps them numbers through a JSON snapshot', () => {
    const byNumber = (t: Trip) => (t.id.startsWith('n') ? Number(t.id.slice(1)) : t.id);
    const operator = new Deduplicator<Trip>({ key: byNumber, horizonMs: 100 });
    const out = operator.processBatch([rec(1, 'n1'), rec(2, '1'), rec(3, 'n1', 1), rec(4, 'n-7')]);
    expect(out.map((e) => (e.kind === 'record' ? e.value.id : e.kind))).toEqual(['n1', '1', 'n-7']);
    expect(operator.drainDuplicates().map((d) => d.value)).toEqual([{ id: 'n1', copy: 1 }]);
    const json = JSON.parse(JSON.stringify(operator.snapshot())) as DeduplicatorSnapshot;
    expect(json.keys).toEqual([
      [1, 1],
      ['1', 2],
      [-7, 4],
    ]);
    const restored = new Deduplicator<Trip>({ key: byNumber, horizonMs: 100 });
    restored.restore(json);
    restored.processBatch([rec(5, 'n1', 2), rec(6, '1', 2), rec(7, 'n1000')]);
    expect(restored.drainDuplicates().map((d) => d.value.id)).toEqual(['n1', '1']);
  });

  it('restore refuses a malformed snapshot and changes nothing', () => {
    const operator = dedup(100);
    operator.processBatch([rec(5, 'a')]);
    const good = operator.snapshot();
    const bad: [unknown, RegExp][] = [
      [null, /snapshot \$/],
      [{ ...good, format: 'other' }, /snapshot format/],
      [{ ...good, version: 2 }, /snapshot version/],
      [{ ...good, watermark: 'soon' }, /snapshot watermark/],
      [{ ...good, counters: { ...good.counters, records: -1 } }, /counters\.records/],
      [{ ...good, keys: {} }, /snapshot keys/],
      [{ ...good, keys: [['a', 1.5]] }, /keys\[0\]\[1\]/],
      [
        {
          ...good,
          keys: [
            ['a', 1],
            ['a', 2],
          ],
        },
        /keys\[1\]\[0\]/,
      ],
      [{ ...good, keys: [[1.5, 2]] }, /keys\[0\]\[0\]/],
      [{ ...good, keys: [[{}, 2]] }, /keys\[0\]\[0\]/],
      [
        {
          ...good,
          keys: [
            [3, 1],
            [3, 2],
          ],
        },
        /keys\[1\]\[0\]/,
      ],
    ];
    for (const [snapshot, message] of bad) {
      expect(() => operator.restore(snapshot as DeduplicatorSnapshot)).toThrow(SnapshotError);
      expect(() => operator.restore(snapshot as DeduplicatorSnapshot)).toThrow(message);
    }
    expect(operator.snapshot()).toEqual(good);
  });
});
