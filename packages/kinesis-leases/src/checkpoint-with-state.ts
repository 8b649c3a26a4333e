import { LeaseLostError } from './errors/lease-lost-error.js';
import type { Lease } from './lease.js';
import type { LeaseCoordinator } from './lease-coordinator.js';
import type { CheckpointUpdate } from './lease-table.js';
import type { ShardStateStore } from './shard-state-store.js';

/**
 * Saves a shard's state, then commits it with the position in one conditional lease write. If the
 * lease was lost meanwhile the new object is discarded and {@link LeaseLostError} is thrown (the
 * new owner keeps the state of the last committed checkpoint); on success the previous object is
 * discarded. A crash between the two steps leaves an orphan object, never a wrong checkpoint.
 */
export async function checkpointWithState(
  coordinator: LeaseCoordinator,
  store: ShardStateStore,
  leaseKey: string,
  update: Omit<CheckpointUpdate, 'stateRef'> & { readonly state: Uint8Array },
): Promise<Lease> {
  const previous = coordinator.heldLeases().find((l) => l.leaseKey === leaseKey)?.stateRef;
  if (!coordinator.holds(leaseKey)) throw new LeaseLostError(leaseKey, coordinator.workerId);
  const stateRef = await store.save(leaseKey, update.state);
  const { state: _state, ...rest } = update;
  let lease: Lease;
  try {
    lease = await coordinator.checkpoint(leaseKey, { ...rest, stateRef });
  } catch (err) {
    await store.discard(stateRef).catch(() => {});
    throw err;
  }
  if (previous !== undefined && previous !== stateRef)
    await store.discard(previous).catch(() => {});
  return lease;
}
