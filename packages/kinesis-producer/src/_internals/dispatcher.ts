import {
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { Admission } from './admission.js';
import type { BatchBuilder } from './batch-builder.js';
import type { WireEntry } from './entries.js';
import type { MetricsRecorder } from './metrics-recorder.js';
import { msUntilSendable } from './pacing.js';
import type { ProducerTimers } from './producer-timers.js';
import { retryDelayMs } from './put-outcome.js';
import type { ResolvedOptions } from './resolve-options.js';
import type { ShardQueues } from './shard-queues.js';

/** @internal What the dispatcher asks of the producer that owns it. */
export interface DispatcherHost<R> {
  /** Started and not destroyed. */
  running(): boolean;
  /** A flush or close is waiting: send without lingering. */
  urgent(): boolean;
  fail(error: Error): void;
  /** A call came back (`results`) or failed (`error`). */
  settle(
    entries: WireEntry<R>[],
    results: PutRecordsResultEntry[] | undefined,
    error: unknown,
  ): void;
}

/**
 * @internal Decides when to call PutRecords and makes the calls: sends every batch that is due
 * while fewer than `batch.maxInFlightRequests` calls travel, and otherwise arms one wake-up for
 * the moment the next batch is due (linger) or allowed (pacing). Entries to retry go back into
 * their shard's queue after a backoff.
 */
export class Dispatcher<R> {
  inFlightRequests = 0;
  inFlightRecords = 0;
  private pumping = false;
  private pumpAgain = false;

  private readonly queues: ShardQueues<R>;
  private readonly admission: Admission<R>;
  private readonly timers: ProducerTimers;
  private readonly recorder: MetricsRecorder;

  constructor(
    private readonly options: ResolvedOptions<never>,
    parts: {
      queues: ShardQueues<R>;
      admission: Admission<R>;
      timers: ProducerTimers;
      recorder: MetricsRecorder;
    },
    private readonly batches: BatchBuilder<R>,
    private readonly host: DispatcherHost<R>,
  ) {
    ({
      queues: this.queues,
      admission: this.admission,
      timers: this.timers,
      recorder: this.recorder,
    } = parts);
  }

  /** Sends every batch that is due and allowed; re-entrant calls run once more after this one. */
  pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    if (!this.host.running()) return;
    this.pumping = true;
    const { clock, batch } = this.options;
    const wake = () => this.pump();
    try {
      do {
        this.pumpAgain = false;
        while (this.inFlightRequests < batch.maxInFlightRequests) {
          if (this.queues.queuedRecords === 0 && !this.queues.hasSendableWatermark()) break;
          const now = clock.now();
          const dueAt = this.dueAt();
          if (dueAt > now) {
            this.timers.wakeAt(dueAt, now, wake);
            break;
          }
          const entries = this.batches.build(now);
          if (entries.length === 0) {
            const wait = msUntilSendable(this.queues.list, now);
            if (wait !== Infinity) this.timers.wakeAt(now + Math.max(1, wait), now, wake);
            break;
          }
          this.send(entries);
        }
      } while (this.pumpAgain);
    } catch (error) {
      this.host.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.pumping = false;
    }
  }

  /** Queues `entries` again after the backoff of the most-tried of them, and sends. */
  retryLater(entries: WireEntry<R>[]): void {
    if (entries.length === 0) return;
    const { retry, random } = this.options;
    this.timers.after(retryDelayMs(entries, retry, random), () => {
      for (const e of entries) this.queues.requeue(e);
      this.pump();
    });
  }

  /**
   * When the queued records should go: now if anything forces it (a full call, a flush, a blocked
   * `put()`, a retry, a watermark), else when the oldest has lingered `lingerMs`.
   */
  private dueAt(): number {
    const b = this.options.batch;
    const q = this.queues;
    if (
      this.host.urgent() ||
      this.admission.waitingPuts > 0 ||
      q.queuedRetries > 0 ||
      q.queuedRecords >= b.maxRecords ||
      q.queuedBytes >= b.maxBytes ||
      q.hasSendableWatermark()
    ) {
      return -Infinity;
    }
    return q.oldestQueuedAt() + b.lingerMs;
  }

  private send(entries: WireEntry<R>[]): void {
    const records: PutRecordsRequestEntry[] = new Array(entries.length);
    let userRecords = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      records[i] = e.request;
      if (e.kind === 'aggregate') {
        // An aggregate is rebuilt for every attempt; its records carry the attempt count.
        let attempts = 0;
        for (const r of e.records) attempts = Math.max(attempts, ++r.attempts);
        e.attempts = attempts;
        userRecords += e.records.length;
      } else {
        e.attempts++;
        if (e.kind === 'record') userRecords++;
      }
      if (e.attempts > 1) this.recorder.counters.retries++;
    }
    this.inFlightRequests++;
    this.inFlightRecords += userRecords;
    this.recorder.counters.calls++;
    const { client, streamARN, streamName } = this.options;
    const command = new PutRecordsCommand(
      streamARN !== undefined
        ? { StreamARN: streamARN, Records: records }
        : { StreamName: streamName, Records: records },
    );
    const settle = (results: PutRecordsResultEntry[] | undefined, error: unknown) => {
      this.inFlightRequests--;
      this.inFlightRecords -= userRecords;
      this.host.settle(entries, results, error);
    };
    client.send(command).then(
      (output) => settle(output.Records ?? [], undefined),
      (error: unknown) => settle(undefined, error),
    );
  }
}
