import { InvalidOptionError } from './errors/invalid-option-error.js';
import { compareIds } from './_internals/shard-planner.js';
import type { ShardFilter, ShardInfo } from './types.js';

/**
 * A `shardFilter` that gives worker `worker` (0-based) of `workers` its share of the shards, so
 * `n` processes with the same stream and `i = 0..n-1` read every shard exactly once between them.
 *
 * Shards are assigned by lineage: each shard follows its `parentShardId` chain up to the oldest
 * ancestor still listed (its root), the roots are sorted by shard id, and root number `k` goes to
 * worker `k % workers`. A split therefore stays on its parent's worker, and parent-before-child
 * ordering holds inside each worker.
 *
 * Requirements: every worker must list the same roots, which holds while the stream's history is
 * within retention (a root that expires changes the numbering; restart all workers together when
 * that happens). A merge of two shards owned by different workers moves the keys of the adjacent
 * parent to the other worker, so per-key results are no longer confined to one worker: rescale
 * workers instead of merging across them.
 */
export function assignShards(worker: number, workers: number): ShardFilter {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new InvalidOptionError('workers', workers, 'must be an integer >= 1');
  }
  if (!Number.isInteger(worker) || worker < 0 || worker >= workers) {
    throw new InvalidOptionError('worker', worker, `must be an integer in [0, ${workers - 1}]`);
  }
  return (shard, listing) => {
    const byId = new Map<string, ShardInfo>(listing.map((s) => [s.shardId, s]));
    byId.set(shard.shardId, shard);
    const roots = [...byId.values()]
      .filter((s) => s.parentShardId === undefined || !byId.has(s.parentShardId))
      .map((s) => s.shardId)
      .sort(compareIds);
    const index = roots.indexOf(rootOf(shard, byId));
    return index >= 0 && index % workers === worker;
  };
}

function rootOf(shard: ShardInfo, byId: ReadonlyMap<string, ShardInfo>): string {
  let current = shard;
  const seen = new Set<string>([current.shardId]);
  while (current.parentShardId !== undefined) {
    const parent = byId.get(current.parentShardId);
    if (parent === undefined || seen.has(parent.shardId)) break;
    seen.add(parent.shardId);
    current = parent;
  }
  return current.shardId;
}
