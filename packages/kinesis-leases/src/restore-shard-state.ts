import type { Lease } from './lease.js';
import type { ShardStateStore } from './shard-state-store.js';

/** The state committed with a lease's checkpoint, or `undefined` when it has none. */
export async function restoreShardState(
  store: ShardStateStore,
  lease: Lease,
): Promise<Uint8Array | undefined> {
  return lease.stateRef === undefined ? undefined : store.load(lease.stateRef);
}
