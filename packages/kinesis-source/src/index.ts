export { KinesisSource, createKinesisSource } from './kinesis-source.js';
export type { KinesisSourceOptions, RetryOptions } from './kinesis-source-options.js';
export { assignShards } from './assign-shards.js';
export { parseWorker } from './parse-worker.js';
export type { WorkerAssignment } from './parse-worker.js';
export { systemClock } from '@tripstream/support';
export type { Clock } from './clock.js';
export {
  KINESIS_BYTES_PER_SECOND_PER_SHARD,
  KINESIS_CALLS_PER_SECOND_PER_SHARD,
  KINESIS_MAX_RECORDS_PER_CALL,
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_IDLE_POLL_INTERVAL_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_SHARD_DISCOVERY_INTERVAL_MS,
} from './constants.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { ShardReadError } from './errors/shard-read-error.js';
export { ShardDiscoveryError } from './errors/shard-discovery-error.js';
export { ThrottledError } from './errors/throttled-error.js';
export { SourceConsumedError } from './errors/source-consumed-error.js';
export { MissingDependencyError } from '@tripstream/support';
export type {
  KinesisRecord,
  StartPosition,
  ShardStartPosition,
  ShardInfo,
  ShardFilter,
  ShardPosition,
  SourcePositions,
  SourceEvent,
  RecordsEvent,
  ShardDiscoveredEvent,
  ShardStartedEvent,
  ShardIdleEvent,
  ShardActiveEvent,
  ShardFinishedEvent,
  ShardStatus,
  ShardStats,
  SourceStats,
} from './types.js';
