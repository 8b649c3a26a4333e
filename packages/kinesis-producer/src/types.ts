/** What `put()` takes. Extend it with your own fields: acknowledgements hand the same object back. */
export interface ProducerRecord {
  /** The payload; a string is sent as UTF-8. Data plus partition key must fit in 1 MiB. */
  data: Uint8Array | string;
  /** 1-256 characters. Default: a distinct generated key per record (spread evenly over the shards). */
  partitionKey?: string;
  /** A decimal hash key in [0, 2^128 - 1]; routes the record instead of the partition key. */
  explicitHashKey?: string;
  /** Event time in ms since the epoch. Wins over the `eventTimeOf` option. */
  eventTime?: number;
}

/** A record or watermark Kinesis has written, with where it landed. */
export type Acknowledgement<R extends ProducerRecord = ProducerRecord> =
  | {
      kind: 'record';
      record: R;
      /** The shard Kinesis wrote it to. */
      shardId: string;
      sequenceNumber: string;
      /** Position inside the aggregated record it travelled in (aggregation only). */
      subSequenceNumber?: number;
      /** PutRecords attempts it took, the first included. */
      attempts: number;
    }
  | {
      kind: 'watermark';
      /** `Infinity` for the end-of-stream watermark. */
      watermarkMs: number;
      final: boolean;
      shardId: string;
      sequenceNumber: string;
      attempts: number;
    };

/** A record or watermark that was not written (see `PutRecordsFailedError`). */
export type FailedEntry<R = unknown> =
  | {
      kind: 'record';
      record: R;
      /** Kinesis' `ErrorCode`, or the error's name for a failed call. */
      errorCode: string;
      errorMessage: string;
      attempts: number;
    }
  | {
      kind: 'watermark';
      watermarkMs: number;
      final: boolean;
      /** The shard it was addressed to. */
      shardId: string;
      errorCode: string;
      errorMessage: string;
      attempts: number;
    };

/** Passed to `watermark.encode` with the watermark's value. */
export interface WatermarkContext {
  /** The shard the watermark is addressed to. */
  shardId: string;
  /** True for the end-of-stream watermark `close()` writes; its value is `Infinity`. */
  final: boolean;
}

/**
 * A record whose event time is earlier than the declared out-of-orderness allows: more than
 * `maxOutOfOrdernessMs` before the source time (the latest event time seen or announced).
 */
export interface OutOfOrderRecord<R extends ProducerRecord = ProducerRecord> {
  record: R;
  eventTimeMs: number;
  /** The earliest event time the declared bound allowed at that point. */
  boundMs: number;
  /** The latest watermark the producer had computed, if any. */
  watermarkMs: number | undefined;
  /**
   * True when `eventTimeMs <= watermarkMs`: a watermark that promised no such record has (or may
   * have) been written. Consumers will see the record as late.
   */
  late: boolean;
}

/** Per-shard counters in {@link ProducerMetrics}, by shard id (shards that were written to). */
export interface ShardMetrics {
  /** Records acknowledged on this shard (user records, aggregated ones counted one by one). */
  records: number;
  /** Bytes of those records (data plus partition key). */
  bytes: number;
  /** Entries Kinesis refused with ProvisionedThroughputExceededException on this shard. */
  throttles: number;
  /** Last watermark acknowledged on this shard. */
  watermarkMs?: number;
}

/** A snapshot of the producer's counters; totals are since construction. */
export interface ProducerMetrics {
  /** Clock time of the snapshot (ms, the clock's own origin). */
  timeMs: number;
  /** Length of the interval the rates are measured over (ms). */
  intervalMs: number;
  /** Records acknowledged per second over the interval. */
  recordsPerSecond: number;
  /** Bytes (data plus partition key) acknowledged per second over the interval. */
  bytesPerSecond: number;
  recordsPut: number;
  recordsAcknowledged: number;
  bytesAcknowledged: number;
  /** PutRecords calls sent. */
  calls: number;
  /** Entries (records, aggregates, watermarks) sent again after a failure. */
  retries: number;
  /** Throttled entries plus throttled calls. */
  throttles: number;
  /** Calls that failed as a whole (throttling, 5xx, network, refused). */
  failedCalls: number;
  /** Records given up on (in `PutRecordsFailedError`). */
  failedRecords: number;
  /** PutRecords calls awaiting an answer. */
  inFlightRequests: number;
  /** Records inside those calls. */
  inFlightRecords: number;
  /** Records accepted by `put()` and not yet acknowledged or failed. */
  bufferedRecords: number;
  bufferedBytes: number;
  /** `put()` calls waiting for buffer space. */
  waitingPuts: number;
  /** The current watermark (ms), if one has been computed. */
  watermarkMs: number | undefined;
  watermarksAcknowledged: number;
  outOfOrderRecords: number;
  lateRecords: number;
  openShards: number;
  shardMapRefreshes: number;
  shards: Record<string, ShardMetrics>;
}
