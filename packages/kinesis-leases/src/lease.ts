/**
 * One row of the lease table: the lease on one shard. Attribute names are the KCL's, so a table
 * written by this package reads like one written by the KCL (and `aws dynamodb scan` shows the
 * same columns); `stateRef` and `endOfInput` are this package's additions.
 */
export interface Lease {
  /** The shard id (the KCL's lease key for a single-stream application). */
  readonly leaseKey: string;
  /** The worker holding the lease; absent when nobody does (new, or handed back). */
  readonly leaseOwner?: string;
  /**
   * Incremented by every write to the lease (renew, take, evict, checkpoint). Every write is
   * conditional on the counter the writer last saw, so of two racing writers exactly one wins.
   */
  readonly leaseCounter: number;
  /**
   * Where processing resumes: a sequence number (the last record processed), or `TRIM_HORIZON`,
   * `LATEST`, `SHARD_END` (closed shard read to its end).
   */
  readonly checkpoint: string;
  /** Sub-sequence number inside a KPL aggregate at `checkpoint`; 0 otherwise. */
  readonly checkpointSubSequenceNumber: number;
  /** Times the lease changed hands since the last checkpoint (reset to 0 by a checkpoint). */
  readonly ownerSwitchesSinceCheckpoint: number;
  /** Shards this one was split or merged from: read to `SHARD_END` before this one. */
  readonly parentShardIds: readonly string[];
  /** Shards this one was split or merged into, once known. */
  readonly childShardIds: readonly string[];
  /**
   * Opaque reference to state saved with the checkpoint (e.g. an S3 key of the shard's window
   * state), written in the same conditional update as `checkpoint` so the two never disagree.
   */
  readonly stateRef?: string;
  /**
   * The application has processed this shard to the end of its input (e.g. an end-of-stream
   * marker) though the shard is still open. Unlike `SHARD_END` it is not a Kinesis fact.
   */
  readonly endOfInput: boolean;
}

/** What {@link LeaseTable.createLeaseIfNotExists} needs to create a lease for a shard. */
export interface NewLease {
  readonly leaseKey: string;
  readonly parentShardIds?: readonly string[];
  /** Default: `TRIM_HORIZON`. */
  readonly checkpoint?: string;
}
