import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignShards,
  type ShardFilter,
  type ShardInfo,
  type ShardPosition,
} from '../../src/index.js';
import type { ResolvedOptions } from '../../src/_internals/resolve-options.js';
import { ShardPlanner } from '../../src/_internals/shard-planner.js';

const id = (n: number) => `shardId-${String(n).padStart(12, '0')}`;

/** A stream history: some roots, then splits and merges of open shards (ids in creation order). */
const historyArb = fc
  .record({
    roots: fc.integer({ min: 1, max: 3 }),
    ops: fc.array(fc.record({ merge: fc.boolean(), pick: fc.nat(20) }), { maxLength: 8 }),
  })
  .map(({ roots, ops }) => {
    const shards: ShardInfo[] = [];
    const make = (parent?: string, adjacent?: string) => {
      const s: ShardInfo = {
        shardId: id(shards.length),
        hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
        sequenceNumberRange: { startingSequenceNumber: String(shards.length) },
      };
      if (parent) s.parentShardId = parent;
      if (adjacent) s.adjacentParentShardId = adjacent;
      shards.push(s);
    };
    const close = (s: ShardInfo) => (s.sequenceNumberRange.endingSequenceNumber = '9');
    for (let i = 0; i < roots; i++) make();
    for (const op of ops) {
      const open = shards.filter((s) => !s.sequenceNumberRange.endingSequenceNumber);
      if (op.merge && open.length >= 2) {
        const a = open[op.pick % open.length];
        const b = open[(op.pick + 1) % open.length];
        close(a);
        close(b);
        make(a.shardId, b.shardId);
      } else {
        const p = open[op.pick % open.length];
        close(p);
        make(p.shardId);
        make(p.shardId);
      }
    }
    return shards;
  });

interface Run {
  planner: ShardPlanner;
  started: string[];
  finished: Set<string>;
  reading: Set<string>;
}

/**
 * Plays a planner against `shards`: listings reveal shards in creation order in chunks, and reading
 * closed shards finish in an order the `picks` choose. Asserts parent-before-child on every start.
 */
function play(
  shards: readonly ShardInfo[],
  picks: readonly number[],
  opts: {
    start?: ResolvedOptions['startPosition'];
    checkpoint?: { shards: Map<string, ShardPosition>; finished: Set<string> };
    filter?: ShardFilter;
    chunk?: number;
    stopAfter?: number;
  } = {},
): Run {
  const planner = new ShardPlanner(
    opts.start ?? { type: 'TRIM_HORIZON' },
    opts.checkpoint ?? { shards: new Map(), finished: new Set() },
    opts.filter ?? (() => true),
  );
  const run: Run = { planner, started: [], finished: new Set(), reading: new Set() };
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  let revealed = 0;
  let step = 0;
  const chunk = Math.max(1, opts.chunk ?? shards.length);
  for (;;) {
    if (opts.stopAfter !== undefined && step >= opts.stopAfter) return run;
    const closedReading = [...run.reading].filter(
      (s) => byId.get(s)?.sequenceNumberRange.endingSequenceNumber,
    );
    const pick = picks[step % Math.max(1, picks.length)] ?? 0;
    step += 1;
    if (revealed < shards.length && (closedReading.length === 0 || pick % 2 === 0)) {
      revealed = Math.min(shards.length, revealed + chunk);
      planner.add(shards.slice(0, revealed));
    } else if (closedReading.length > 0) {
      const done = closedReading[pick % closedReading.length];
      run.reading.delete(done);
      run.finished.add(done);
      planner.finish(done);
    } else {
      return run;
    }
    for (const node of planner.takeReady()) {
      const sid = node.shard.shardId;
      expect(run.started).not.toContain(sid);
      for (const p of node.waitingFor) expect(planner.get(p)?.status).toBe('finished');
      for (const p of node.parentShardIds) {
        const parent = planner.get(p);
        if (parent && parent.status !== 'excluded' && parent.status !== 'skipped') {
          expect(parent.status).toBe('finished');
        }
      }
      run.started.push(sid);
      run.reading.add(sid);
    }
  }
}

describe('ShardPlanner', () => {
  it('reads every shard once, each only after all of its parents finished', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        (shards, picks, chunk) => {
          const run = play(shards, picks, { chunk });
          expect([...run.started].sort()).toEqual(shards.map((s) => s.shardId).sort());
          for (const s of shards) {
            const node = run.planner.get(s.shardId);
            const isChild = s.parentShardId !== undefined;
            if (isChild) expect(node?.startPosition).toEqual({ type: 'TRIM_HORIZON' });
          }
          expect(run.planner.allDone()).toBe(false); // open shards keep reading
        },
      ),
    );
  });

  it('LATEST at startup skips closed roots and starts their open descendants at LATEST', () => {
    fc.assert(
      fc.property(historyArb, (shards) => {
        const run = play(shards, [], { start: { type: 'LATEST' } });
        const open = shards.filter((s) => !s.sequenceNumberRange.endingSequenceNumber);
        expect([...run.started].sort()).toEqual(open.map((s) => s.shardId).sort());
        for (const s of open)
          expect(run.planner.get(s.shardId)?.startPosition).toEqual({ type: 'LATEST' });
      }),
    );
  });

  it('shards listed after startup start at TRIM_HORIZON whatever the start position', () => {
    const planner = new ShardPlanner(
      { type: 'LATEST' },
      { shards: new Map(), finished: new Set() },
      (s) => s.shardId !== id(0),
    );
    const root: ShardInfo = {
      shardId: id(0),
      hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
      sequenceNumberRange: { startingSequenceNumber: '0', endingSequenceNumber: '9' },
    };
    planner.add([root]);
    // A child of an excluded parent, appearing later: a root for this source, read from its start.
    const child: ShardInfo = {
      ...root,
      shardId: id(1),
      parentShardId: id(0),
      sequenceNumberRange: { startingSequenceNumber: '1' },
    };
    planner.add([root, child]);
    expect(planner.takeReady().map((n) => [n.shard.shardId, n.startPosition])).toEqual([
      [id(1), { type: 'TRIM_HORIZON' }],
    ]);
  });

  it('resuming a checkpoint never re-reads finished shards or ancestors of positioned ones, and reads all the rest', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.nat(40),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.constantFrom<ResolvedOptions['startPosition']>(
          { type: 'TRIM_HORIZON' },
          { type: 'LATEST' },
        ),
        (shards, picks, stopAfter, delivered, start) => {
          const first = play(shards, picks, { stopAfter });
          const positioned = [...first.reading].filter((_, i) => delivered[i % delivered.length]);
          const checkpoint = {
            finished: new Set(first.finished),
            shards: new Map<string, ShardPosition>(
              positioned.map((s) => [s, { sequenceNumber: '1' }]),
            ),
          };
          const second = play(shards, picks, { start, checkpoint });
          for (const f of first.finished) expect(second.started).not.toContain(f);
          for (const p of positioned) {
            expect(second.started).toContain(p);
            expect(second.planner.get(p)?.startPosition).toEqual({
              type: 'AFTER_SEQUENCE_NUMBER',
              sequenceNumber: '1',
            });
          }
          if (start.type === 'TRIM_HORIZON') {
            // Everything not finished before (and not above a positioned shard) is read.
            const missing = shards.filter(
              (s) =>
                !first.finished.has(s.shardId) &&
                !second.started.includes(s.shardId) &&
                second.planner.get(s.shardId)?.status !== 'finished',
            );
            expect(missing).toEqual([]);
          }
          // A shard whose parents finished in the first run starts from its beginning.
          for (const sid of second.started) {
            const node = second.planner.get(sid);
            if (
              node &&
              !checkpoint.shards.has(sid) &&
              node.parentShardIds.some((p) => first.finished.has(p))
            ) {
              expect(node.startPosition).toEqual({ type: 'TRIM_HORIZON' });
            }
          }
        },
      ),
    );
  });

  it('assignShards splits any history into disjoint worker sets that cover it and keep splits together', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 4 }), (shards, workers) => {
        const owner = new Map<string, number>();
        for (let w = 0; w < workers; w++) {
          const run = play(shards, [], { filter: assignShards(w, workers) });
          for (const s of run.started) {
            expect(owner.has(s)).toBe(false);
            owner.set(s, w);
          }
        }
        expect(owner.size).toBe(shards.length);
        for (const s of shards) {
          if (s.parentShardId) expect(owner.get(s.shardId)).toBe(owner.get(s.parentShardId));
        }
      }),
    );
  });
});
