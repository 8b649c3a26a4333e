/**
 * Where the state of a shard's processing (e.g. its open windows) lives between checkpoints, so
 * whichever worker takes the lease next resumes exactly there. Each `save` writes a new immutable
 * object and returns its reference; the lease's conditional checkpoint then commits that reference
 * together with the position, so state and position can never disagree. See `createS3StateStore`
 * in `@tripstream/kinesis-leases/s3`.
 */
export interface ShardStateStore {
  /** Writes `state` for `shardId` as a new object; resolves to its reference. */
  save(shardId: string, state: Uint8Array): Promise<string>;
  /** Reads the object a reference names. */
  load(stateRef: string): Promise<Uint8Array>;
  /** Deletes an object no checkpoint refers to any more (best effort; absent is fine). */
  discard(stateRef: string): Promise<void>;
}
