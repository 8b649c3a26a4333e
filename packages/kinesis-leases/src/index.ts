export { LeaseTable } from './lease-table.js';
export type { LeaseTableOptions, CheckpointUpdate } from './lease-table.js';
export { LeaseCoordinator } from './lease-coordinator.js';
export type {
  LeaseCoordinatorEvents,
  LeaseCoordinatorStats,
  LeaseLostReason,
} from './lease-coordinator.js';
export type { LeaseCoordinatorOptions } from './lease-coordinator-options.js';
export { syncShardLeases } from './sync-shard-leases.js';
export type { ShardDescription, SyncShardLeasesOptions } from './sync-shard-leases.js';
export type { Lease, NewLease } from './lease.js';
export { systemClock } from '@tripstream/support';
export type { Clock } from './clock.js';
export {
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  VERY_OLD_LEASE_MULTIPLIER,
  TRIM_HORIZON,
  LATEST,
  SHARD_END,
} from './constants.js';
export { LeaseOptionError } from './errors/lease-option-error.js';
export { LeaseLostError } from './errors/lease-lost-error.js';
export { LeaseTableError } from './errors/lease-table-error.js';
export type { ShardStateStore } from './shard-state-store.js';
export { checkpointWithState } from './checkpoint-with-state.js';
export { restoreShardState } from './restore-shard-state.js';
