import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { ShardReadError } from '../errors/shard-read-error.js';
import { ThrottledError } from '../errors/throttled-error.js';
import type { KinesisRecord, ShardStartPosition, ShardStats, SourceEvent } from '../types.js';
import { fullJitterBackoff } from '@tripstream/support';
import { classifyError } from './classify-error.js';
import { deaggregate, looksAggregated } from './deaggregate.js';
import type { EventQueue } from './event-queue.js';
import type { ResolvedOptions } from './resolve-options.js';
import type { PlannedShard } from './shard-planner.js';
import { ShardRateLimiter } from './shard-rate-limiter.js';

/** @internal What a shard reader needs from its source. */
export interface ShardReaderContext {
  options: ResolvedOptions;
  signal: AbortSignal;
  queue: EventQueue<SourceEvent>;
  stats: ShardStats;
  /**
   * Called once the shard is read to its end, before `shard-finished` is queued: lists the stream
   * again so the children are known, and returns their ids.
   */
  childrenOf(shardId: string, reported: readonly string[]): Promise<string[]>;
}

const EMPTY = new Uint8Array(0);

/**
 * @internal Reads one shard from `shard.startPosition` to its end (or until the signal aborts):
 * GetRecords within the rate limits, only when the queue has room; backoff on throttling;
 * a new iterator after ExpiredIteratorException. Throws only what must fail the source.
 */
export async function readShard(shard: PlannedShard, ctx: ShardReaderContext): Promise<void> {
  const { options: o, signal, queue, stats } = ctx;
  const { clock } = o;
  const shardId = shard.shard.shardId;
  const start = shard.startPosition as ShardStartPosition;
  const limiter = new ShardRateLimiter(o.maxCallsPerSecondPerShard, o.maxBytesPerSecondPerShard);
  let skip =
    start.type === 'AT_SEQUENCE_NUMBER'
      ? { sequenceNumber: start.sequenceNumber, through: start.afterSubSequenceNumber }
      : undefined;
  let lastFetched: string | undefined;
  const startedAt = clock.now();

  let iterator = await acquireIterator(ctx, shardId, start);
  if (iterator === undefined) return;
  queue.push({
    type: 'shard-started',
    shardId,
    parentShardIds: [...shard.parentShardIds],
    startPosition: start,
    startedAt,
  });

  let lastRecordsAt = clock.now();
  let idle = false;
  let throttledInRow = 0;
  let failuresInRow = 0;
  for (;;) {
    await queue.waitForRoom(signal);
    if (signal.aborted) return;
    const wait = limiter.delay(clock.now());
    if (wait > 0) {
      await clock.sleep(wait, signal);
      if (signal.aborted) return;
    }
    const callAt = clock.now();
    stats.getRecordsCalls += 1;
    let res;
    try {
      res = await o.client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: o.maxRecordsPerCall }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (signal.aborted) return;
      limiter.record(callAt, 0);
      const kind = classifyError(error);
      if (kind === 'throttled') {
        stats.throttled += 1;
        throttledInRow += 1;
        if (throttledInRow > o.maxThrottledRetries) {
          throw new ThrottledError(shardId, throttledInRow, error);
        }
        limiter.notBefore(clock.now() + delay(o, throttledInRow));
      } else if (kind === 'expired-iterator') {
        stats.iteratorsRenewed += 1;
        // Restart right after the last record fetched; before any, from where we started
        // (LATEST becomes the time we started, so records that arrived meanwhile are kept).
        const resume: ShardStartPosition =
          lastFetched !== undefined
            ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: lastFetched }
            : start.type === 'LATEST'
              ? { type: 'AT_TIMESTAMP', timestamp: startedAt }
              : start;
        const renewed = await acquireIterator(ctx, shardId, resume);
        if (renewed === undefined) return;
        iterator = renewed;
      } else if (kind === 'transient') {
        failuresInRow += 1;
        stats.retries += 1;
        if (failuresInRow > o.maxRetries) {
          throw new ShardReadError(shardId, 'GetRecords', failuresInRow, error);
        }
        limiter.notBefore(clock.now() + delay(o, failuresInRow));
      } else {
        throw new ShardReadError(shardId, 'GetRecords', failuresInRow + 1, error);
      }
      continue;
    }
    throttledInRow = 0;
    failuresInRow = 0;

    const raw = res.Records ?? [];
    const records: KinesisRecord[] = [];
    let bytes = 0;
    for (const r of raw) {
      bytes += convert(r, shardId, o.deaggregate, skip, records);
    }
    // The skip applies to the first record only: the iterator started at it.
    if (raw.length > 0) skip = undefined;
    limiter.record(callAt, bytes);
    stats.records += records.length;
    stats.bytes += bytes;
    if (res.MillisBehindLatest !== undefined) stats.millisBehindLatest = res.MillisBehindLatest;
    if (raw.length > 0) lastFetched = raw[raw.length - 1].SequenceNumber;

    if (records.length > 0) {
      if (idle) {
        idle = false;
        queue.push({ type: 'shard-active', shardId });
      }
      lastRecordsAt = clock.now();
      const event: SourceEvent = { type: 'records', shardId, records };
      if (res.MillisBehindLatest !== undefined) event.millisBehindLatest = res.MillisBehindLatest;
      queue.push(event, records.length);
    } else if (raw.length === 0 && !idle && clock.now() - lastRecordsAt >= o.idleTimeoutMs) {
      idle = true;
      queue.push({ type: 'shard-idle', shardId, lastRecordsAt });
    }

    if (!res.NextShardIterator) {
      const reported = (res.ChildShards ?? [])
        .map((c) => c.ShardId)
        .filter((id): id is string => typeof id === 'string');
      const childShardIds = await ctx.childrenOf(shardId, reported);
      if (signal.aborted) return;
      queue.push({ type: 'shard-finished', shardId, childShardIds });
      return;
    }
    iterator = res.NextShardIterator;
    if (raw.length === 0) limiter.notBefore(clock.now() + o.idlePollIntervalMs);
  }
}

/** Appends the user records of `r` to `out` (skipping those at or before `skip`); returns its bytes. */
function convert(
  r: _Record,
  shardId: string,
  deagg: boolean,
  skip: { sequenceNumber: string; through: number } | undefined,
  out: KinesisRecord[],
): number {
  const data = r.Data ?? EMPTY;
  const sequenceNumber = r.SequenceNumber ?? '';
  const partitionKey = r.PartitionKey ?? '';
  const approximateArrivalTimestamp = r.ApproximateArrivalTimestamp?.getTime() ?? 0;
  const users =
    deagg && looksAggregated(data) ? deaggregate(partitionKey, sequenceNumber, data) : undefined;
  if (users === undefined) {
    out.push({ shardId, sequenceNumber, approximateArrivalTimestamp, partitionKey, data });
  } else {
    const skipThrough = skip?.sequenceNumber === sequenceNumber ? skip.through : -1;
    for (const u of users) {
      if (u.subSequenceNumber <= skipThrough) continue;
      out.push({
        shardId,
        sequenceNumber,
        subSequenceNumber: u.subSequenceNumber,
        approximateArrivalTimestamp,
        partitionKey: u.partitionKey,
        data: u.data,
      });
    }
  }
  return data.length + partitionKey.length;
}

function delay(o: ResolvedOptions, attempt: number): number {
  return fullJitterBackoff(attempt, {
    baseDelayMs: o.backoffInitialMs,
    maxDelayMs: o.backoffMaxMs,
    random: o.random,
  });
}

/** GetShardIterator with backoff; `undefined` when the source stopped meanwhile. */
async function acquireIterator(
  ctx: ShardReaderContext,
  shardId: string,
  position: ShardStartPosition,
): Promise<string | undefined> {
  const { options: o, signal } = ctx;
  const input: GetShardIteratorCommandInput = {
    ...o.stream,
    ShardId: shardId,
    ShardIteratorType: position.type,
  };
  if (position.type === 'AT_TIMESTAMP') input.Timestamp = new Date(position.timestamp);
  if (position.type === 'AFTER_SEQUENCE_NUMBER' || position.type === 'AT_SEQUENCE_NUMBER') {
    input.StartingSequenceNumber = position.sequenceNumber;
  }
  let throttled = 0;
  let failures = 0;
  for (;;) {
    try {
      const res = await o.client.send(new GetShardIteratorCommand(input), { abortSignal: signal });
      if (res.ShardIterator) return res.ShardIterator;
      throw new Error('GetShardIterator returned no iterator');
    } catch (error) {
      if (signal.aborted) return undefined;
      const kind = classifyError(error);
      if (kind === 'throttled') {
        throttled += 1;
        ctx.stats.throttled += 1;
        if (throttled > o.maxThrottledRetries) throw new ThrottledError(shardId, throttled, error);
        await o.clock.sleep(delay(o, throttled), signal);
      } else if (kind === 'transient') {
        failures += 1;
        ctx.stats.retries += 1;
        if (failures > o.maxRetries) {
          throw new ShardReadError(shardId, 'GetShardIterator', failures, error);
        }
        await o.clock.sleep(delay(o, failures), signal);
      } else {
        throw new ShardReadError(shardId, 'GetShardIterator', failures + 1, error);
      }
      if (signal.aborted) return undefined;
    }
  }
}
