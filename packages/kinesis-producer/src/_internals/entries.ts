import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import type { ShardRange } from '../shard-map.js';
import type { Fifo } from './fifo.js';
import type { TokenBucket } from './token-bucket.js';

/** @internal A user record from `put()` until it is acknowledged or fails. */
export interface RecordEntry<R> {
  kind: 'record';
  /** Increasing with `put()` order. */
  id: number;
  record: R;
  data: Uint8Array;
  partitionKey: string;
  /** As given by the caller (sent as `ExplicitHashKey`). */
  explicitHashKey: string | undefined;
  hashKey: bigint;
  /** Data plus partition key (bytes). */
  size: number;
  /** NaN when unknown (watermarks off). */
  eventTime: number;
  attempts: number;
  /** Clock time it was queued (ms). */
  queuedAt: number;
  /** The shard it was routed to on its last queueing. */
  shard: ShardState | undefined;
  /** Acknowledged or failed. */
  settled: boolean;
  request: PutRecordsRequestEntry;
}

/** @internal A watermark record addressed to one shard. */
export interface WatermarkEntry {
  kind: 'watermark';
  shard: ShardState;
  watermarkMs: number;
  final: boolean;
  size: number;
  attempts: number;
  request: PutRecordsRequestEntry;
}

/** @internal Several user records of one shard packed into one KPL aggregated record. */
export interface AggregateEntry<R> {
  kind: 'aggregate';
  records: RecordEntry<R>[];
  shard: ShardState;
  size: number;
  attempts: number;
  request: PutRecordsRequestEntry;
}

/** @internal One entry of a PutRecords call. */
export type WireEntry<R> = RecordEntry<R> | WatermarkEntry | AggregateEntry<R>;

/** @internal What the producer keeps per open shard (and per retired one until it drains). */
export interface ShardState {
  range: ShardRange;
  /** `range.startingHashKey` as the decimal string watermarks are addressed with. */
  startingHashKey: string;
  /** Records waiting to be sent, oldest first. */
  queue: Fifo<RecordEntry<any>>;
  /** Records back from a failed attempt; they go before `queue`. */
  retries: Fifo<RecordEntry<any>>;
  /** Bytes in `queue` and `retries`. */
  queuedBytes: number;
  /** Pacing buckets; undefined when pacing is off. */
  recordBucket: TokenBucket | undefined;
  byteBucket: TokenBucket | undefined;
  /** The next watermark to send; a newer one replaces it. */
  pendingWatermark: WatermarkEntry | undefined;
  /** At most one watermark per shard travels at a time (in a call or waiting for its retry), so they land in order. */
  watermarkInFlight: WatermarkEntry | undefined;
  /** No longer in the shard map (closed by a reshard). */
  retired: boolean;
}
