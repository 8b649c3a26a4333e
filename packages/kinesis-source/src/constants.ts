/** Kinesis read limit per shard: GetRecords calls per second (shared by every consumer of the shard). */
export const KINESIS_CALLS_PER_SECOND_PER_SHARD = 5;

/** Kinesis read limit per shard, in bytes per second (2 MiB). */
export const KINESIS_BYTES_PER_SECOND_PER_SHARD = 2 * 1024 * 1024;

/** Most records one GetRecords call may return (the API's maximum `Limit`). */
export const KINESIS_MAX_RECORDS_PER_CALL = 10_000;

/** Default wait after a GetRecords call that returned no records, in ms. */
export const DEFAULT_IDLE_POLL_INTERVAL_MS = 1_000;

/** Default time without records after which a shard is reported idle, in ms. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** Default interval between two ListShards discoveries, in ms. */
export const DEFAULT_SHARD_DISCOVERY_INTERVAL_MS = 30_000;

/** Default first backoff after throttling or a transient error, in ms (doubles per attempt). */
export const DEFAULT_BACKOFF_INITIAL_MS = 200;

/** Default longest backoff, in ms. */
export const DEFAULT_BACKOFF_MAX_MS = 5_000;

/** Default number of transient (non-throttling) failures in a row before the source errors. */
export const DEFAULT_MAX_RETRIES = 10;

/** Default number of records fetched but not yet handed to the consumer, over all shards. */
export const DEFAULT_MAX_BUFFERED_RECORDS = 10_000;
