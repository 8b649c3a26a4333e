import type { Client } from '@opensearch-project/opensearch';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { BulkWriterOptions } from '../bulk-writer-options.js';
import {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_FLUSH_INTERVAL_MS,
  DEFAULT_MAX_ACTIONS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../constants.js';
import { clientFactory } from '../create-opensearch-client.js';
import { validateIndexTemplates } from '../ensure-index-templates.js';
import { InvalidOptionError } from '../errors.js';
import type { IndexRequest, IndexTemplate } from '../types.js';
import type { RetryPolicy } from './retry.js';

/** @internal Options with defaults applied, validated once. */
export interface ResolvedBulkWriterConfig<T extends IndexRequest> {
  /** Builds the client on demand (at construction), so validation stays side-effect free. */
  readonly connect: () => { client: Client; owned: boolean };
  readonly requestTimeoutMs: number;
  readonly maxActions: number;
  readonly maxBytes: number;
  readonly flushIntervalMs: number;
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly indexTemplates: readonly IndexTemplate[];
  readonly onDeadLetter: BulkWriterOptions<T>['onDeadLetter'];
  readonly deadLetterFile: string | undefined;
  readonly onAck: BulkWriterOptions<T>['onAck'];
  readonly onMetrics: BulkWriterOptions<T>['onMetrics'];
  readonly metricsIntervalMs: number;
  readonly onError: BulkWriterOptions<T>['onError'];
  readonly scheduler: SchedulerLike;
}

/** @internal */
export function resolveBulkWriterOptions<T extends IndexRequest>(
  options: BulkWriterOptions<T>,
): ResolvedBulkWriterConfig<T> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an options object');
  }
  const requestTimeoutMs = positive(
    'requestTimeoutMs',
    options.requestTimeoutMs,
    DEFAULT_REQUEST_TIMEOUT_MS,
  );
  const { client } = options;
  let connect: ResolvedBulkWriterConfig<T>['connect'];
  if (client !== undefined) {
    if (typeof (client as Client)?.transport?.request !== 'function') {
      throw new InvalidOptionError('client', client, 'an @opensearch-project/opensearch Client');
    }
    connect = () => ({ client, owned: false });
  } else if (options.node !== undefined) {
    // Validates node and sigv4 now; the client itself is built per writer.
    const build = clientFactory({
      node: options.node,
      sigv4: options.sigv4,
      requestTimeoutMs,
      maxRetries: 0,
    });
    connect = () => ({ client: build(), owned: true });
  } else {
    throw new InvalidOptionError('client', undefined, 'a client, or a node URL to build one for');
  }

  const retry = options.retry ?? {};
  if (retry === null || typeof retry !== 'object') {
    throw new InvalidOptionError('retry', retry, 'an object');
  }
  const baseDelayMs = nonNegative('retry.baseDelayMs', retry.baseDelayMs, DEFAULT_BASE_DELAY_MS);
  const maxDelayMs = nonNegative(
    'retry.maxDelayMs',
    retry.maxDelayMs,
    Math.max(DEFAULT_MAX_DELAY_MS, baseDelayMs),
  );
  if (maxDelayMs < baseDelayMs) {
    throw new InvalidOptionError(
      'retry.maxDelayMs',
      maxDelayMs,
      `a number of ms >= retry.baseDelayMs (${baseDelayMs})`,
    );
  }
  const scheduler = options.scheduler ?? asyncScheduler;
  if (typeof scheduler?.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw new InvalidOptionError('scheduler', scheduler, 'an rxjs SchedulerLike');
  }
  const templates = options.indexTemplates ?? [];
  validateIndexTemplates(templates, 'indexTemplates');
  const deadLetterFile = options.deadLetterFile;
  if (
    deadLetterFile !== undefined &&
    (typeof deadLetterFile !== 'string' || deadLetterFile.length === 0)
  ) {
    throw new InvalidOptionError('deadLetterFile', deadLetterFile, 'a file path');
  }

  return {
    connect,
    requestTimeoutMs,
    maxActions: integer('maxActions', options.maxActions, DEFAULT_MAX_ACTIONS),
    maxBytes: integer('maxBytes', options.maxBytes, DEFAULT_MAX_BYTES),
    flushIntervalMs: positive(
      'flushIntervalMs',
      options.flushIntervalMs,
      DEFAULT_FLUSH_INTERVAL_MS,
    ),
    concurrency: integer('concurrency', options.concurrency, DEFAULT_CONCURRENCY),
    retry: {
      maxAttempts: integer('retry.maxAttempts', retry.maxAttempts, DEFAULT_MAX_ATTEMPTS),
      baseDelayMs,
      maxDelayMs,
      random: fn('retry.random', retry.random) ?? Math.random,
      scheduler,
    },
    indexTemplates: templates,
    onDeadLetter: fn('onDeadLetter', options.onDeadLetter),
    deadLetterFile,
    onAck: fn('onAck', options.onAck),
    onMetrics: fn('onMetrics', options.onMetrics),
    metricsIntervalMs: positive(
      'metricsIntervalMs',
      options.metricsIntervalMs,
      DEFAULT_METRICS_INTERVAL_MS,
    ),
    onError: fn('onError', options.onError),
    scheduler,
  };
}

function integer(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidOptionError(option, value, 'an integer >= 1');
  return value;
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, value, 'a number of ms > 0');
  }
  return value;
}

function nonNegative(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError(option, value, 'a number of ms >= 0');
  }
  return value;
}

function fn<F>(option: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidOptionError(option, value, 'a function');
  }
  return value;
}
