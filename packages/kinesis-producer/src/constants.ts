/** Kinesis service limits and the producer's defaults. Each constant names its unit. */

/** Most records in one PutRecords call (records). */
export const MAX_RECORDS_PER_PUT = 500;
/** Most bytes in one PutRecords call, data plus partition keys (bytes): 5 MiB. */
export const MAX_BYTES_PER_PUT = 5 * 1024 * 1024;
/** Largest record, data plus partition key (bytes): 1 MiB. */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** Longest partition key (UTF-16 code units, as Kinesis counts Unicode characters). */
export const MAX_PARTITION_KEY_LENGTH = 256;
/** Largest hash key: 2^128 - 1. */
export const MAX_HASH_KEY = (1n << 128n) - 1n;
/** Kinesis write limit per shard (records per second). */
export const SHARD_RECORDS_PER_SECOND = 1000;
/** Kinesis write limit per shard (bytes per second): 1 MiB/s. */
export const SHARD_BYTES_PER_SECOND = 1024 * 1024;

/** Default `batch.lingerMs`: how long a record may wait for a fuller batch (ms). */
export const DEFAULT_LINGER_MS = 100;
/** Default `batch.maxInFlightRequests` (PutRecords calls). */
export const DEFAULT_MAX_IN_FLIGHT_REQUESTS = 4;
/** Default `batch.maxBufferedRecords`: records accepted but not yet acknowledged (records). */
export const DEFAULT_MAX_BUFFERED_RECORDS = 10_000;
/** Default `batch.maxBufferedBytes` (bytes): 32 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Default `retry.maxAttempts`, the first attempt included (attempts). */
export const DEFAULT_MAX_ATTEMPTS = 10;
/** Default `retry.baseDelayMs`: the backoff cap of the first retry (ms). */
export const DEFAULT_BASE_DELAY_MS = 100;
/** Default `retry.maxDelayMs`: the largest backoff cap (ms). */
export const DEFAULT_MAX_DELAY_MS = 5_000;

/** Default `pacing.burstMs`: bucket capacity, as this much time of the shard's rate (ms). */
export const DEFAULT_BURST_MS = 200;

/** Default `watermark.intervalMs` (ms of wall time). */
export const DEFAULT_WATERMARK_INTERVAL_MS = 5_000;
/** Default `watermark.partitionKey`: routing uses the explicit hash key; this only fills the field. */
export const DEFAULT_WATERMARK_PARTITION_KEY = 'watermark';

/** Default `shardMapRefreshMs` (ms). */
export const DEFAULT_SHARD_MAP_REFRESH_MS = 10_000;
/** Default `metricsIntervalMs` (ms). */
export const DEFAULT_METRICS_INTERVAL_MS = 1_000;

/** Default `aggregation.maxBytes`: the KPL's AggregationMaxSize (bytes). */
export const DEFAULT_AGGREGATION_MAX_BYTES = 51_200;
/** Default `aggregation.maxRecords`: user records in one aggregated record (records). */
export const DEFAULT_AGGREGATION_MAX_RECORDS = 1_000;
/** Largest `aggregation.maxBytes` (bytes): room for the KPL framing and the outer partition key. */
export const MAX_AGGREGATION_BYTES = MAX_RECORD_BYTES - 512;
