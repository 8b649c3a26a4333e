import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Clock } from './clock.js';
import type {
  Acknowledgement,
  OutOfOrderRecord,
  ProducerMetrics,
  ProducerRecord,
  WatermarkContext,
} from './types.js';

/** How records are grouped into PutRecords calls and how much may wait. */
export interface BatchOptions {
  /** Most entries per call (1-500). Default: 500. */
  maxRecords?: number;
  /** Most bytes per call, data plus partition keys (bytes, up to 5 MiB). Default: 5 MiB. */
  maxBytes?: number;
  /**
   * How long a record may wait for a fuller batch (ms). A full batch, a pending watermark,
   * `flush()` and `close()` send at once. Default: 100.
   */
  lingerMs?: number;
  /** PutRecords calls awaiting an answer at once. Default: 4. */
  maxInFlightRequests?: number;
  /**
   * Records accepted and not yet acknowledged; `put()` awaits while this many are buffered.
   * Default: 10,000.
   */
  maxBufferedRecords?: number;
  /** Same in bytes (data plus partition key). Default: 32 MiB. */
  maxBufferedBytes?: number;
}

/**
 * Retries of failed entries (`ProvisionedThroughputExceededException`, `InternalFailure`,
 * `KMSThrottlingException`) and failed calls (throttling, 5xx, connection errors): exponential
 * backoff with full jitter, `delay = random() * min(maxDelayMs, baseDelayMs * 2^(attempt - 1))`.
 */
export interface RetryOptions {
  /** Attempts per entry, the first included; then it fails. Default: 10. */
  maxAttempts?: number;
  /** Backoff cap of the first retry (ms). Default: 100. */
  baseDelayMs?: number;
  /** Largest backoff cap (ms). Default: 5,000. */
  maxDelayMs?: number;
}

/** Token buckets per shard so the producer stays under the shard write limits. */
export interface PacingOptions {
  /** Records per second per shard. Default: 1,000 (the Kinesis limit). */
  recordsPerSecondPerShard?: number;
  /** Bytes per second per shard (data plus partition key). Default: 1 MiB (the Kinesis limit). */
  bytesPerSecondPerShard?: number;
  /**
   * Bucket capacity as time at the full rate (ms): the most a shard sends at once after a pause.
   * A record larger than the byte capacity still goes out, when the bucket is full. Default: 200.
   */
  burstMs?: number;
}

/**
 * Watermark events written into every open shard. A watermark W promises that no record with an
 * event time <= W follows on any shard of the stream.
 */
export interface WatermarkOptions {
  /**
   * Encodes a watermark record. `watermarkMs` is `Infinity` for the end-of-stream watermark
   * (`context.final`). Required.
   */
  encode: (watermarkMs: number, context: WatermarkContext) => Uint8Array | string;
  /** Wall time between watermark rounds (ms). Default: 5,000. */
  intervalMs?: number;
  /** Also a round after this many records were put. Default: none (time only). */
  everyRecords?: number;
  /**
   * How far (ms) a record's event time may lag the latest one seen. 0 for a source ordered by
   * event time. Records that break it are reported to `onOutOfOrder`. Default: 0.
   */
  maxOutOfOrdernessMs?: number;
  /** `close()` writes an end-of-stream watermark (`Infinity`) to every open shard. Default: true. */
  final?: boolean;
  /** Partition key of watermark records (routing uses the explicit hash key). Default: `watermark`. */
  partitionKey?: string;
}

/** KPL-compatible aggregation (`aws-kinesis-agg`): many user records per Kinesis record. */
export interface AggregationOptions {
  /** Most bytes of one aggregated record (bytes, up to 1 MiB - 512). Default: 51,200 (the KPL's). */
  maxBytes?: number;
  /** Most user records in one aggregated record. Default: 1,000. */
  maxRecords?: number;
}

/** Options of {@link KinesisProducer}. Only `client` and a stream are required. */
export interface KinesisProducerOptions<R extends ProducerRecord = ProducerRecord> {
  /**
   * The Kinesis client. Give it `maxAttempts: 1`: the producer retries per entry, and retries of
   * the client would multiply with its own.
   */
  client: KinesisClient;
  /** Stream name. One of `streamName` and `streamARN` is required; the ARN wins if both are set. */
  streamName?: string;
  streamARN?: string;
  /** Event time (ms since epoch) of a record. `record.eventTime` wins. Needed for watermarks. */
  eventTimeOf?: (record: R) => number;
  batch?: BatchOptions;
  retry?: RetryOptions;
  /** `false` turns pacing off (Kinesis throttling, then retries, limit the rate). Default: on. */
  pacing?: PacingOptions | false;
  /** Watermark injection. Default: off. */
  watermark?: WatermarkOptions | false;
  /** `true` for the defaults. Default: off. */
  aggregation?: AggregationOptions | boolean;
  /** Shard map refresh period (ms); it is also refreshed when a put lands on an unexpected shard. Default: 10,000. */
  shardMapRefreshMs?: number;
  /** Default: {@link systemClock}. */
  clock?: Clock;
  /** Uniform in [0, 1): backoff jitter and the prefix of generated partition keys. Default: `Math.random`. */
  random?: () => number;
  /** Called for every record and watermark Kinesis has written, in the order the answers came. */
  onAcknowledge?: (ack: Acknowledgement<R>) => void;
  /** Called for every record that breaks `watermark.maxOutOfOrdernessMs`. */
  onOutOfOrder?: (event: OutOfOrderRecord<R>) => void;
  /** Called every `metricsIntervalMs` while the producer runs, and once more when it closes. */
  onMetrics?: (metrics: ProducerMetrics) => void;
  /** Default: 1,000 (ms). */
  metricsIntervalMs?: number;
}
