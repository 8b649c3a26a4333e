import type { Client } from '@opensearch-project/opensearch';
import type { SchedulerLike } from 'rxjs';
import type { SigV4Options, SigV4Signer } from './create-sigv4-signer.js';
import type {
  BulkAck,
  BulkWriterMetrics,
  DeadLetter,
  IndexRequest,
  IndexTemplate,
} from './types.js';

/** Retry policy for whole requests and for retryable items. */
export interface RetryOptions {
  /** Sends per batch or item, the first one included. Default: 10. */
  readonly maxAttempts?: number;
  /** Backoff cap before the first retry, doubled per attempt. Unit: ms. Default: 100. */
  readonly baseDelayMs?: number;
  /** Largest backoff cap. Unit: ms. Default: 10000. */
  readonly maxDelayMs?: number;
  /** Uniform `[0, 1)` source for the full jitter. Default: `Math.random`. */
  readonly random?: () => number;
}

/** Options of `new BulkWriter(options)` and `toOpenSearch(options)`. */
export interface BulkWriterOptions<T extends IndexRequest = IndexRequest> {
  // --- Connection: `client` wins; otherwise one is built from `node` (+ `sigv4`) and closed on close().
  /** A client to use (and not close). Wins over `node` and `sigv4`. */
  readonly client?: Client;
  /** Endpoint URL(s) to build a client for, when no `client` is given. */
  readonly node?: string | readonly string[];
  /** SigV4 signing for the built client (ignored with `client`). Default: unsigned. */
  readonly sigv4?: SigV4Options | SigV4Signer;
  /** Time one HTTP request may take; a timeout is retried like a refused connection. Unit: ms. Default: 30000. */
  readonly requestTimeoutMs?: number;

  // --- Batching: a batch leaves on whichever limit is hit first.
  /** Flush at this many buffered actions. Default: 1000. */
  readonly maxActions?: number;
  /** Flush when the buffered NDJSON reaches this size. Unit: bytes. Default: 5242880 (5 MiB). */
  readonly maxBytes?: number;
  /** Flush a partial batch once its oldest action has waited this long. Unit: ms. Default: 1000. */
  readonly flushIntervalMs?: number;
  /**
   * Bulk requests in flight at once. When all are busy and the buffer is full, `write()` waits.
   * Default: 2.
   */
  readonly concurrency?: number;

  // --- Retries.
  /** Backoff for retryable failures. Defaults: see {@link RetryOptions}. */
  readonly retry?: RetryOptions;

  // --- Index bootstrap.
  /**
   * Templates put before the first bulk request. Before the first write into an index, the index
   * (if it exists) is checked against the highest-priority template matching it: conflicting
   * field types fail the writer with `MappingConflictError`, missing fields are added.
   * Default: none (no templates, no checks).
   */
  readonly indexTemplates?: readonly IndexTemplate[];

  // --- Outputs.
  /**
   * Called with each document refused for good (and awaited). With neither this nor
   * `deadLetterFile`, the first such document fails the writer with its `BulkItemError`, so
   * nothing is dropped silently. Default: none.
   */
  readonly onDeadLetter?: (letter: DeadLetter<T>) => void | Promise<void>;
  /**
   * JSON Lines file that dead letters are appended to (directories are created). With
   * `onDeadLetter` too, the file is written first. Default: none.
   */
  readonly deadLetterFile?: string;
  /**
   * Called once per document when it is settled (indexed or dead-lettered), in completion order;
   * `sequence` is the 0-based position of its `write()` call on this writer. Default: none.
   */
  readonly onAck?: (ack: BulkAck<T>, sequence: number) => void;
  /** Called with a metrics snapshot every `metricsIntervalMs` and once on close. Default: none. */
  readonly onMetrics?: (metrics: BulkWriterMetrics) => void;
  /** Period of `onMetrics`. Unit: ms. Default: 10000. */
  readonly metricsIntervalMs?: number;
  /** Called once when the writer fails for good, before pending calls reject. Default: none. */
  readonly onError?: (error: Error) => void;

  // --- Injection.
  /** Timers (flush interval, backoff, metrics) and clock. Default: rxjs `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}
