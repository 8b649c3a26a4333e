/**
 * How long a lease stays valid without a renewal, in ms: the KCL's `failoverTimeMillis` default.
 * Another worker may take a lease whose counter it has not seen change for this long.
 */
export const DEFAULT_FAILOVER_TIME_MS = 10_000;

/** Most leases one worker steals in one taker pass: the KCL's `maxLeasesToStealAtOneTime`. */
export const DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME = 1;

/**
 * A lease unrenewed for this many failover times is "very old" and taken first, ignoring the
 * balance target: the KCL's `veryOldLeaseDurationNanosMultiplier`.
 */
export const VERY_OLD_LEASE_MULTIPLIER = 3;

/** Checkpoint of a lease whose shard has not been read yet: read from the oldest record. */
export const TRIM_HORIZON = 'TRIM_HORIZON';

/** Checkpoint of a lease whose shard has not been read yet: read only new records. */
export const LATEST = 'LATEST';

/** Checkpoint of a shard that was closed by a reshard and read to its end. */
export const SHARD_END = 'SHARD_END';
