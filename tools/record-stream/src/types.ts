/** A record as `GetRecords` returned it. */
export interface RecordedRecord {
  sequenceNumber: string;
  /** ISO-8601 UTC, as Kinesis stamped it on arrival. */
  approximateArrivalTimestamp: string;
  partitionKey: string;
  /** The record's bytes as UTF-8 text, or as base64 when `encoding` says so. */
  data: string;
  /** Present only for data that is not valid UTF-8 (e.g. KPL-aggregated records). */
  encoding?: 'base64';
}

/** One shard of the stream, open or closed, with every record it held when it was read. */
export interface RecordedShard {
  shardId: string;
  /** Set for a child of a split or merge. */
  parentShardId?: string;
  /** Set for a child of a merge: the other parent. */
  adjacentParentShardId?: string;
  hashKeyRange: { startingHashKey: string; endingHashKey: string };
  /** `endingSequenceNumber` is set once the shard is closed (split or merged away). */
  sequenceNumberRange: { startingSequenceNumber: string; endingSequenceNumber?: string };
  /** In sequence-number order (the order a consumer reads them). */
  records: RecordedRecord[];
}

/** What a stream held: its shard tree and, per shard, the records in order. */
export interface Recording {
  format: 'tripstream.recording';
  version: 1;
  stream: string;
  /** ISO-8601 UTC: when the reading started. */
  recordedAt: string;
  /** Free-form provenance, e.g. how the stream was filled. */
  meta?: Record<string, unknown>;
  /** In `ListShards` order: parents before their children. */
  shards: RecordedShard[];
}
