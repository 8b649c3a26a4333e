export { KinesisProducer } from './kinesis-producer.js';
export type {
  KinesisProducerOptions,
  BatchOptions,
  RetryOptions,
  PacingOptions,
  WatermarkOptions,
  AggregationOptions,
} from './kinesis-producer-options.js';
export type {
  ProducerRecord,
  Acknowledgement,
  FailedEntry,
  WatermarkContext,
  OutOfOrderRecord,
  ProducerMetrics,
  ShardMetrics,
} from './types.js';
export { ShardMap, type ShardRange } from './shard-map.js';
export { listOpenShards, type StreamRef } from './list-open-shards.js';
export { hashKeyOf, parseHashKey } from './hash-key.js';
export { systemClock } from '@tripstream/support';
export type { Clock, TimerHandle } from './clock.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { InvalidRecordError } from './errors/invalid-record-error.js';
export { RecordTooLargeError } from './errors/record-too-large-error.js';
export { PutRecordsFailedError } from './errors/put-records-failed-error.js';
export { ShardMapError } from './errors/shard-map-error.js';
export { ProducerClosedError } from './errors/producer-closed-error.js';
export { CallbackError } from './errors/callback-error.js';
export { MissingDependencyError } from '@tripstream/support';
export {
  MAX_RECORDS_PER_PUT,
  MAX_BYTES_PER_PUT,
  MAX_RECORD_BYTES,
  MAX_PARTITION_KEY_LENGTH,
  MAX_HASH_KEY,
  SHARD_RECORDS_PER_SECOND,
  SHARD_BYTES_PER_SECOND,
} from './constants.js';
