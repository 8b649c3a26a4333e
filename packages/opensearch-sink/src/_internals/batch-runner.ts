import type { Client } from '@opensearch-project/opensearch';
import type { IndexRequest } from '../types.js';
import type { Acknowledger } from './acknowledger.js';
import { EMPTY, type Entry } from './bulk-entry.js';
import { classifyItems } from './classify-items.js';
import { describeFailure, toPublicError } from './failure.js';
import { IndexBootstrap } from './index-bootstrap.js';
import type { MetricsRecorder } from './metrics.js';
import type { ResolvedBulkWriterConfig } from './resolve-options.js';
import { backoffDelay, sleep } from './retry.js';
import { sendBulk } from './send-bulk.js';

/** @internal What the batch runner asks of the writer that owns it. */
export interface BatchRunnerHost {
  /** The writer's failure, if it failed: no batch is sent again after it. */
  failure(): Error | undefined;
  fail(error: Error): void;
}

/**
 * @internal Takes one batch from its first `_bulk` request until each of its documents is settled:
 * waits for the index templates and mapping checks, retries a failed request with full-jitter
 * backoff, sends again only the retryable items of a partly failed one, dead-letters what is
 * refused for good, and gives the batch up when its request or the writer fails.
 */
export class BatchRunner<T extends IndexRequest> {
  private readonly bootstrap: IndexBootstrap;

  constructor(
    private readonly config: ResolvedBulkWriterConfig<T>,
    private readonly client: Client,
    private readonly recorder: MetricsRecorder,
    private readonly acks: Acknowledger<T>,
    private readonly host: BatchRunnerHost,
  ) {
    this.bootstrap = new IndexBootstrap(
      client,
      config.indexTemplates,
      config.retry,
      config.requestTimeoutMs,
      () => this.recorder.requestRetries++,
    );
  }

  /** Sends one batch until each of its documents is indexed or dead-lettered. Never rejects. */
  async run(batch: Entry<T>[]): Promise<void> {
    const { scheduler, retry, requestTimeoutMs } = this.config;
    const started = scheduler.now();
    let pending = batch;
    let body = EMPTY;
    let bodyBytes = 0;
    let bodyFor: Entry<T>[] | undefined;
    try {
      await this.bootstrap.ready(batch.map((e) => e.request.index));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const failure = this.host.failure();
        if (failure !== undefined) throw failure;
        if (bodyFor !== pending) {
          bodyBytes = pending.reduce((n, e) => n + e.bytes, 0);
          body = Buffer.concat(
            pending.map((e) => e.line),
            bodyBytes,
          );
          bodyFor = pending;
        }
        for (const e of pending) e.attempts = attempt;
        let response;
        try {
          this.recorder.requests++;
          this.recorder.bytesSent += bodyBytes;
          response = await sendBulk(this.client, body, pending.length, requestTimeoutMs);
        } catch (err) {
          if (describeFailure(err).retryable && attempt < retry.maxAttempts) {
            this.recorder.requestRetries++;
            await sleep(scheduler, backoffDelay(attempt, retry));
            continue;
          }
          throw toPublicError(err, 'POST /_bulk', attempt);
        }
        const { settled, again, refused, indexed, rejected } = classifyItems(
          pending,
          response,
          attempt,
          retry.maxAttempts,
          this.config.onAck !== undefined,
        );
        this.recorder.docsIndexed += indexed;
        this.recorder.rejectedItems += rejected;
        for (const [entry, ack] of settled) this.acks.settle(entry, ack);
        this.acks.check();
        if (refused.length > 0) await this.acks.deadLetter(refused);
        pending = again;
        if (again.length > 0) {
          this.recorder.itemRetries += again.length;
          await sleep(scheduler, backoffDelay(attempt, retry));
        }
      }
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const ours = this.host.failure() === undefined;
      this.host.fail(error);
      await this.acks.abandon(batch, error, ours ? 'request_failed' : 'writer_failed');
    } finally {
      this.recorder.recordFlush(scheduler.now() - started);
    }
  }
}
