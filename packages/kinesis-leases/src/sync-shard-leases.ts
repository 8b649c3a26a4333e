import { TRIM_HORIZON } from './constants.js';
import type { LeaseTable } from './lease-table.js';

/** A shard as `ListShards` describes it, as far as leases need it. */
export interface ShardDescription {
  readonly shardId: string;
  /** `ParentShardId` and `AdjacentParentShardId` (a merge has two), when present. */
  readonly parentShardIds?: readonly string[];
}

/** Options of {@link syncShardLeases}. */
export interface SyncShardLeasesOptions {
  /** Checkpoint of a new lease: where a shard nobody has read yet starts. Default: `TRIM_HORIZON`. */
  readonly initialCheckpoint?: string;
}

/**
 * Creates a lease for every listed shard that has none (the KCL's shard sync), with its parents,
 * so children wait for them. Safe to run on every worker at once: creation is conditional.
 * Returns the shard ids whose lease this call created.
 */
export async function syncShardLeases(
  table: LeaseTable,
  shards: readonly ShardDescription[],
  options: SyncShardLeasesOptions = {},
): Promise<string[]> {
  const existing = new Set((await table.listLeases()).map((l) => l.leaseKey));
  const created: string[] = [];
  for (const shard of shards) {
    if (existing.has(shard.shardId)) continue;
    const made = await table.createLeaseIfNotExists({
      leaseKey: shard.shardId,
      parentShardIds: shard.parentShardIds ?? [],
      checkpoint: options.initialCheckpoint ?? TRIM_HORIZON,
    });
    if (made) created.push(shard.shardId);
  }
  return created;
}
