import type { KinesisClient } from '@aws-sdk/client-kinesis';

/** Options of {@link recordStream}. */
export interface RecordStreamOptions {
  /** The Kinesis client (against kinesalite: give it a `NodeHttpHandler`, it speaks HTTP/1.1 only). */
  client: Pick<KinesisClient, 'send'>;
  /** Stream name. */
  stream: string;
  /** Records per `GetRecords` call, 1..10,000. Default: 10,000. */
  limit?: number;
  /** Throttled calls (`ProvisionedThroughputExceededException`, `LimitExceededException`) retried this many times. Default: 10. */
  maxRetries?: number;
  /** First backoff after a throttle (ms); doubles with every retry. Default: 200. */
  retryBaseDelayMs?: number;
  /** Wait after an empty `GetRecords` answer that is still behind the tip (ms; real Kinesis only). Default: 200. */
  emptyPollDelayMs?: number;
  /** Stored as the recording's `meta` (provenance). Default: none. */
  meta?: Record<string, unknown>;
  /** Wall clock for `recordedAt`. Default: `Date.now`. */
  now?: () => number;
  /** Used for backoff and empty polls. Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}
