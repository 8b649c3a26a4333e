/** One user record, as read from a shard (after KPL de-aggregation). */
export interface KinesisRecord {
  /** The shard it was read from. */
  shardId: string;
  /** Sequence number of the Kinesis record that carried it. */
  sequenceNumber: string;
  /**
   * Index inside a KPL-aggregated Kinesis record; absent for plain records. Aggregated user records
   * share `sequenceNumber` and are ordered by this.
   */
  subSequenceNumber?: number;
  /** When Kinesis accepted the record, in ms since the epoch. */
  approximateArrivalTimestamp: number;
  /** The record's partition key (for aggregated records: the user record's own key). */
  partitionKey: string;
  /** The payload. */
  data: Uint8Array;
}

/** Where a source starts reading a shard that no checkpoint names. */
export type StartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | {
      type: 'AT_TIMESTAMP';
      /** First arrival time to read, as a Date or ms since the epoch. */
      timestamp: Date | number;
    };

/** Where a shard's reading actually started (reported in `shard-started`). */
export type ShardStartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: number }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }
  | {
      /** Resuming inside a KPL-aggregated record: user records up to `afterSubSequenceNumber` are skipped. */
      type: 'AT_SEQUENCE_NUMBER';
      sequenceNumber: string;
      afterSubSequenceNumber: number;
    };

/** A shard as ListShards describes it. */
export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
  adjacentParentShardId?: string;
  /** Inclusive hash key range, as decimal strings. */
  hashKeyRange: { startingHashKey: string; endingHashKey: string };
  /** `endingSequenceNumber` is set once the shard is closed (split or merged). */
  sequenceNumberRange: { startingSequenceNumber: string; endingSequenceNumber?: string };
}

/**
 * Decides whether this source reads a shard; called once per shard, when it is first listed, with
 * the whole listing (for lineage). See `assignShards`.
 */
export type ShardFilter = (shard: ShardInfo, listing: readonly ShardInfo[]) => boolean;

/**
 * How far the consumer got in one shard: the last record it received, or, for a shard whose
 * `shard-started` it received but no record yet, where that shard started (`LATEST` is stored as
 * `AT_TIMESTAMP` of the moment reading started, so records that arrive before a restart are not
 * skipped by a second `LATEST`).
 */
export type ShardPosition =
  | {
      sequenceNumber: string;
      /** Set when the record was part of a KPL aggregate. */
      subSequenceNumber?: number;
    }
  | { startPosition: { type: 'TRIM_HORIZON' } | { type: 'AT_TIMESTAMP'; timestamp: number } };

/**
 * What the consumer has received, for checkpoints: plain JSON. Pass it back as the `checkpoint`
 * option to resume after it.
 */
export interface SourcePositions {
  /**
   * Per shard id whose `shard-started` the consumer received: the last record handed to it (or the
   * start, before the first record). Finished shards are not listed here.
   */
  shards: Record<string, ShardPosition>;
  /**
   * Shards with nothing left to read for this consumer: read to their end (the consumer received
   * `shard-finished`), or closed shards skipped under `LATEST`. Sorted.
   */
  finished: string[];
}

/** A batch: the records of one GetRecords call, in shard order. Never empty. */
export interface RecordsEvent {
  type: 'records';
  shardId: string;
  records: KinesisRecord[];
  /** How far the shard's newest record is ahead of this batch, in ms (as Kinesis reports it). */
  millisBehindLatest?: number;
}

/** A shard this source will read was listed (it may still wait for its parents). */
export interface ShardDiscoveredEvent {
  type: 'shard-discovered';
  shardId: string;
  parentShardIds: string[];
  /** Parents that must be read to their end before this shard starts. */
  waitingFor: string[];
}

/** Reading a shard began; for a child shard this follows the `shard-finished` of all its parents. */
export interface ShardStartedEvent {
  type: 'shard-started';
  shardId: string;
  parentShardIds: string[];
  startPosition: ShardStartPosition;
  /** Clock time when the iterator was requested, ms since the epoch. */
  startedAt: number;
}

/** No records arrived on a shard for at least `idleTimeoutMs`. */
export interface ShardIdleEvent {
  type: 'shard-idle';
  shardId: string;
  /** Clock time of the last batch (or of the shard's start when there was none), ms since the epoch. */
  lastRecordsAt: number;
}

/** An idle shard received records again; its `records` event follows. */
export interface ShardActiveEvent {
  type: 'shard-active';
  shardId: string;
}

/** A closed shard was read to its end: no more records will come from it. */
export interface ShardFinishedEvent {
  type: 'shard-finished';
  shardId: string;
  /** Its children, as far as they are known (they start once all their parents finished). */
  childShardIds: string[];
}

/** Everything a source emits, in the order the consumer must see it. */
export type SourceEvent =
  | RecordsEvent
  | ShardDiscoveredEvent
  | ShardStartedEvent
  | ShardIdleEvent
  | ShardActiveEvent
  | ShardFinishedEvent;

/** Lifecycle of a shard inside a source. */
export type ShardStatus = 'waiting' | 'reading' | 'finished' | 'skipped' | 'excluded';

/** Counters of one shard (for metrics and tests). */
export interface ShardStats {
  shardId: string;
  status: ShardStatus;
  /** GetRecords calls sent, including throttled and failed ones. */
  getRecordsCalls: number;
  /** User records fetched (after de-aggregation). */
  records: number;
  /** Payload and partition key bytes fetched. */
  bytes: number;
  /** Calls answered with ProvisionedThroughputExceededException (after the client's own retries). */
  throttled: number;
  /** Transient failures retried. */
  retries: number;
  /** Iterators re-acquired after ExpiredIteratorException. */
  iteratorsRenewed: number;
  /** Last `MillisBehindLatest` Kinesis reported. */
  millisBehindLatest?: number;
}

/** A snapshot of a source's counters. */
export interface SourceStats {
  shards: ShardStats[];
  /** Records fetched but not yet handed to the consumer. */
  bufferedRecords: number;
}
