import type { PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { PutRecordsFailedError } from '../errors/put-records-failed-error.js';
import type { Acknowledgement, FailedEntry, ProducerRecord } from '../types.js';
import type { Admission } from './admission.js';
import type { WireEntry } from './entries.js';
import type { MetricsRecorder } from './metrics-recorder.js';
import { onThrottled } from './pacing.js';
import { sortPutOutcome, type FailedWireEntry } from './put-outcome.js';
import type { ResolvedOptions } from './resolve-options.js';
import type { ShardQueues } from './shard-queues.js';
import type { WatermarkInjector } from './watermark-injector.js';

/**
 * @internal Settles the entries of a call, one by one: a landed record frees its room and is
 * acknowledged to the user (once, even if a retry also lands), a landed watermark frees its
 * shard's slot, a failed one is listed in the producer's one `PutRecordsFailedError`; counters
 * follow.
 */
export class Acknowledger<R extends ProducerRecord> {
  /** Every entry given up on so far; the producer fails with it when the first one is. */
  putFailure: PutRecordsFailedError<R> | undefined;

  private readonly onAcknowledge: ResolvedOptions<R>['onAcknowledge'];
  private readonly retry: ResolvedOptions<R>['retry'];
  private readonly now: () => number;

  private readonly admission: Admission<R>;
  private readonly queues: ShardQueues<R>;
  private readonly recorder: MetricsRecorder;
  private readonly watermarks: WatermarkInjector<R>;

  constructor(
    options: ResolvedOptions<R>,
    parts: {
      admission: Admission<R>;
      queues: ShardQueues<R>;
      recorder: MetricsRecorder;
      watermarks: WatermarkInjector<R>;
    },
    /** Runs a user callback, failing the producer if it throws. */
    private readonly callback: (name: string, fn: () => void) => void,
  ) {
    ({
      admission: this.admission,
      queues: this.queues,
      recorder: this.recorder,
      watermarks: this.watermarks,
    } = parts);
    this.onAcknowledge = options.onAcknowledge;
    this.retry = options.retry;
    this.now = () => options.clock.now();
  }

  /**
   * Settles a call that came back (`results`) or failed (`error`): acknowledges what landed and
   * returns what to retry, what failed for good, and whether the shard map looks stale.
   */
  settle(
    entries: WireEntry<R>[],
    results: PutRecordsResultEntry[] | undefined,
    error: unknown,
    retryAllowed: boolean,
  ): { retry: WireEntry<R>[]; failed: FailedWireEntry<R>[]; refresh: boolean } {
    const { maxAttempts } = this.retry;
    const outcome = sortPutOutcome(entries, results, error, maxAttempts, retryAllowed);
    const counters = this.recorder.counters;
    if (outcome.callError !== undefined) {
      counters.failedCalls++;
      if (outcome.callError.throttle) counters.throttles++;
    }
    let refresh = false;
    for (const { entry, shardId, sequenceNumber } of outcome.landed) {
      refresh = this.landed(entry, shardId, sequenceNumber) || refresh;
    }
    const now = this.now();
    for (const e of outcome.throttled) this.throttled(e, now);
    return { retry: outcome.retry, failed: outcome.failed, refresh };
  }

  /** Returns whether the entry landed on a shard the map did not predict (map is stale). */
  private landed(e: WireEntry<R>, shardId: string, sequenceNumber: string): boolean {
    const onAck = this.onAcknowledge;
    const counters = this.recorder.counters;
    if (e.kind === 'watermark') {
      this.queues.releaseWatermarkSlot(e);
      counters.watermarksAcknowledged++;
      this.recorder.shard(shardId).watermarkMs = e.watermarkMs;
      if (e.final) this.watermarks.finalAcked.add(shardId);
      if (onAck !== undefined) {
        this.callback('onAcknowledge', () =>
          onAck({
            kind: 'watermark',
            watermarkMs: e.watermarkMs,
            final: e.final,
            shardId,
            sequenceNumber,
            attempts: e.attempts,
          }),
        );
      }
      return shardId !== e.shard.range.shardId;
    }
    const records = e.kind === 'aggregate' ? e.records : [e];
    const counter = this.recorder.shard(shardId);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.settled) continue;
      this.admission.release(r);
      counters.recordsAcknowledged++;
      counters.bytesAcknowledged += r.size;
      counter.records++;
      counter.bytes += r.size;
      if (onAck !== undefined) {
        const ack: Acknowledgement<R> = {
          kind: 'record',
          record: r.record,
          shardId,
          sequenceNumber,
          attempts: r.attempts,
        };
        if (e.kind === 'aggregate') ack.subSequenceNumber = i;
        this.callback('onAcknowledge', () => onAck(ack));
      }
    }
    return shardId !== e.shard?.range.shardId;
  }

  /** Kinesis throttled the entry: count it and stop the shard's burst. */
  private throttled(e: WireEntry<R>, now: number): void {
    this.recorder.counters.throttles++;
    const shard = e.shard;
    if (shard === undefined) return;
    this.recorder.shard(shard.range.shardId).throttles++;
    onThrottled(shard, now);
  }

  /**
   * Settles entries that will not be retried and lists them in {@link putFailure}; returns that
   * error when these are the first failures (the producer fails with it), else `undefined`.
   */
  failed(
    failed: readonly FailedWireEntry<R>[],
    cause: unknown,
  ): PutRecordsFailedError<R> | undefined {
    const failures: FailedEntry<R>[] = [];
    for (const { entry: e, reason } of failed) {
      if (e.kind === 'watermark') {
        this.queues.releaseWatermarkSlot(e);
        failures.push({
          kind: 'watermark',
          watermarkMs: e.watermarkMs,
          final: e.final,
          shardId: e.shard.range.shardId,
          errorCode: reason.code,
          errorMessage: reason.message,
          attempts: e.attempts,
        });
        continue;
      }
      for (const r of e.kind === 'aggregate' ? e.records : [e]) {
        if (r.settled) continue;
        this.admission.release(r);
        this.recorder.counters.failedRecords++;
        failures.push({
          kind: 'record',
          record: r.record,
          errorCode: reason.code,
          errorMessage: reason.message,
          attempts: r.attempts,
        });
      }
    }
    if (this.putFailure !== undefined) {
      this.putFailure.failures.push(...failures);
      return undefined;
    }
    this.putFailure = new PutRecordsFailedError(failures, cause === undefined ? {} : { cause });
    return this.putFailure;
  }
}
