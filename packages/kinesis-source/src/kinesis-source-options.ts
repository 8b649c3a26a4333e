import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Clock } from './clock.js';
import type { ShardFilter, SourcePositions, StartPosition } from './types.js';

/**
 * Options of {@link createKinesisSource}. Only `client` and one of `streamName`/`streamARN` are
 * required; every other field has the default written next to it.
 */
export interface KinesisSourceOptions {
  // --- stream and client ---------------------------------------------------------------------

  /**
   * The Kinesis client; the source never constructs one. Its own retry strategy runs first
   * (the SDK retries throttling 3 times by default); set `maxAttempts: 1` to leave all retries
   * to the source's backoff.
   */
  client: KinesisClient;
  /** Stream name. Exactly one of `streamName` and `streamARN` is required. */
  streamName?: string;
  /** Stream ARN. Exactly one of `streamName` and `streamARN` is required. */
  streamARN?: string;

  // --- where to start ------------------------------------------------------------------------

  /**
   * Where to start the shards that `checkpoint` does not name and that have no parent read by
   * this source (children always start at their beginning). Default: `{ type: 'TRIM_HORIZON' }`.
   * With `LATEST`, shards already closed at startup are skipped.
   */
  startPosition?: StartPosition;
  /**
   * Positions from an earlier `positions()`: named shards resume right after their last received
   * record, finished shards are not read again, and the ancestors of named shards count as
   * finished. Wins over `startPosition` for every shard it names. Default: none.
   */
  checkpoint?: SourcePositions;
  /**
   * Which shards to read; decided once per shard when it is first listed. Shards filtered out
   * are not read even when `checkpoint` names them, and children do not wait for them.
   * Default: every shard. See `assignShards` for `worker i/n`.
   */
  shardFilter?: ShardFilter;

  // --- per-shard limits ----------------------------------------------------------------------

  /** Records asked for per GetRecords call, 1..10 000. Default: 10 000. */
  maxRecordsPerCall?: number;
  /**
   * GetRecords calls per second per shard (calls are spaced by `1000 / n` ms). Kinesis allows 5
   * per shard for all consumers together. Default: 5.
   */
  maxCallsPerSecondPerShard?: number;
  /**
   * Bytes per second read from one shard: after a call returned `b` bytes the next waits
   * `b / n` seconds. Kinesis allows 2 MiB/s per shard. Default: 2 097 152.
   */
  maxBytesPerSecondPerShard?: number;

  // --- polling, idleness, discovery ----------------------------------------------------------

  /**
   * Wait after a GetRecords call that returned no records, in ms. When it overlaps the rate
   * limits the longer wait wins. Default: 1 000.
   */
  idlePollIntervalMs?: number;
  /**
   * A shard that has returned no records for this long is reported with `shard-idle` (checked
   * after each empty call, so the poll interval is its resolution), in ms. Default: 30 000.
   */
  idleTimeoutMs?: number;
  /**
   * Interval between two ListShards calls looking for new shards, in ms; `Infinity` lists only at
   * startup and when a shard closes (which always triggers one). Default: 30 000.
   */
  shardDiscoveryIntervalMs?: number;

  // --- errors and backoff --------------------------------------------------------------------

  /**
   * Backoff after throttling or a transient error, the same shape and jitter rule as
   * `@tripstream/kinesis-producer` and `@tripstream/opensearch-sink`. Defaults: see
   * {@link RetryOptions}.
   */
  retry?: RetryOptions;

  // --- backpressure and decoding -------------------------------------------------------------

  /**
   * Records fetched but not yet handed to the consumer, over all shards. A shard reader does not
   * start a GetRecords call while the buffer holds this many (one call may overshoot it by up to
   * `maxRecordsPerCall`). Default: 10 000.
   */
  maxBufferedRecords?: number;
  /**
   * Split KPL-aggregated records into their user records (`subSequenceNumber` set). A record with
   * the KPL magic number but a bad checksum is emitted as it is. Default: `true`.
   */
  deaggregate?: boolean;

  // --- cancellation --------------------------------------------------------------------------

  /**
   * Stops the source when it aborts, as `stop()` does: the iteration ends (or the Observable
   * completes) after the events already handed over. Default: none.
   */
  signal?: AbortSignal;

  // --- injection -----------------------------------------------------------------------------

  /** Time source for limits, backoff, idleness and discovery. Default: the system clock. */
  clock?: Clock;
  /** Random numbers in [0, 1) for backoff jitter. Default: `Math.random`. */
  random?: () => number;
}

/**
 * Backoff for calls that fail transiently or are throttled. Waits use full jitter:
 * `random() * min(maxDelayMs, baseDelayMs * 2^(attempt - 1))`, as in the other tripstream packages.
 */
export interface RetryOptions {
  /**
   * Calls per failure streak on one shard (or in discovery), the first one included, before the
   * source errors with `ShardReadError`/`ShardDiscoveryError`: transient failures (network, 5xx,
   * InternalFailure). Default: 11 (10 retries).
   */
  maxAttempts?: number;
  /**
   * The same for throttled calls, before `ThrottledError` (for ListShards:
   * `ShardDiscoveryError`). Default: `Infinity` (throttling is retried forever).
   */
  maxThrottledAttempts?: number;
  /** Backoff cap before the first retry, doubled per attempt. Unit: ms. Default: 200. */
  baseDelayMs?: number;
  /** Largest backoff cap. Unit: ms. Default: 5 000. */
  maxDelayMs?: number;
}
