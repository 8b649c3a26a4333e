import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { systemClock } from '@tripstream/support';
import type { Clock } from '../clock.js';
import {
  DEFAULT_AGGREGATION_MAX_BYTES,
  DEFAULT_AGGREGATION_MAX_RECORDS,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_BURST_MS,
  DEFAULT_LINGER_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_IN_FLIGHT_REQUESTS,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_SHARD_MAP_REFRESH_MS,
  DEFAULT_WATERMARK_INTERVAL_MS,
  DEFAULT_WATERMARK_PARTITION_KEY,
  MAX_AGGREGATION_BYTES,
  MAX_BYTES_PER_PUT,
  MAX_PARTITION_KEY_LENGTH,
  MAX_RECORD_BYTES,
  MAX_RECORDS_PER_PUT,
  SHARD_BYTES_PER_SECOND,
  SHARD_RECORDS_PER_SECOND,
} from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { KinesisProducerOptions, WatermarkOptions } from '../kinesis-producer-options.js';
import type { ProducerRecord } from '../types.js';

/** @internal Options after validation, every default filled in. */
export interface ResolvedOptions<R extends ProducerRecord> {
  client: KinesisClient;
  streamName: string | undefined;
  streamARN: string | undefined;
  /** For messages: the ARN or the name. */
  stream: string;
  eventTimeOf: ((record: R) => number) | undefined;
  batch: {
    maxRecords: number;
    maxBytes: number;
    lingerMs: number;
    maxInFlightRequests: number;
    maxBufferedRecords: number;
    maxBufferedBytes: number;
  };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  pacing: { recordsPerSecond: number; bytesPerSecond: number; burstMs: number } | undefined;
  watermark:
    | {
        encode: WatermarkOptions['encode'];
        intervalMs: number;
        everyRecords: number | undefined;
        maxOutOfOrdernessMs: number;
        final: boolean;
        partitionKey: string;
      }
    | undefined;
  aggregation: { maxBytes: number; maxRecords: number } | undefined;
  shardMapRefreshMs: number;
  clock: Clock;
  random: () => number;
  onAcknowledge: KinesisProducerOptions<R>['onAcknowledge'];
  onOutOfOrder: KinesisProducerOptions<R>['onOutOfOrder'];
  onMetrics: KinesisProducerOptions<R>['onMetrics'];
  metricsIntervalMs: number;
}

/** @internal Validates `options` (naming the option and value on error) and fills in defaults. */
export function resolveOptions<R extends ProducerRecord>(
  options: KinesisProducerOptions<R>,
): ResolvedOptions<R> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object');
  }
  const { client } = options;
  if (client === null || typeof client !== 'object' || typeof client.send !== 'function') {
    throw new InvalidOptionError('client', client, 'a KinesisClient');
  }
  const streamName = optionalString('streamName', options.streamName);
  const streamARN = optionalString('streamARN', options.streamARN);
  if (streamName === undefined && streamARN === undefined) {
    throw new InvalidOptionError('streamName', undefined, 'a stream name or a streamARN');
  }
  const batch = objectOrEmpty('batch', options.batch);
  const retry = objectOrEmpty('retry', options.retry);
  const pacing = options.pacing === false ? undefined : objectOrEmpty('pacing', options.pacing);
  const watermark =
    options.watermark === false || options.watermark === undefined
      ? undefined
      : objectOrEmpty('watermark', options.watermark);
  const aggregation =
    options.aggregation === false || options.aggregation === undefined
      ? undefined
      : options.aggregation === true
        ? {}
        : objectOrEmpty('aggregation', options.aggregation);

  const encode = watermark?.encode;
  if (watermark !== undefined && typeof encode !== 'function') {
    throw new InvalidOptionError('watermark.encode', encode, 'a function');
  }
  const maxAttempts = int('retry.maxAttempts', retry.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1);
  const baseDelayMs = num('retry.baseDelayMs', retry.baseDelayMs, DEFAULT_BASE_DELAY_MS, 0);
  const maxDelayMs = num('retry.maxDelayMs', retry.maxDelayMs, DEFAULT_MAX_DELAY_MS, baseDelayMs);

  return {
    client,
    streamName,
    streamARN,
    stream: (streamARN ?? streamName) as string,
    eventTimeOf: optionalFunction('eventTimeOf', options.eventTimeOf),
    batch: {
      maxRecords: int(
        'batch.maxRecords',
        batch.maxRecords,
        MAX_RECORDS_PER_PUT,
        1,
        MAX_RECORDS_PER_PUT,
      ),
      maxBytes: int('batch.maxBytes', batch.maxBytes, MAX_BYTES_PER_PUT, 1, MAX_BYTES_PER_PUT),
      lingerMs: num('batch.lingerMs', batch.lingerMs, DEFAULT_LINGER_MS, 0),
      maxInFlightRequests: int(
        'batch.maxInFlightRequests',
        batch.maxInFlightRequests,
        DEFAULT_MAX_IN_FLIGHT_REQUESTS,
        1,
      ),
      maxBufferedRecords: int(
        'batch.maxBufferedRecords',
        batch.maxBufferedRecords,
        DEFAULT_MAX_BUFFERED_RECORDS,
        1,
      ),
      maxBufferedBytes: int(
        'batch.maxBufferedBytes',
        batch.maxBufferedBytes,
        DEFAULT_MAX_BUFFERED_BYTES,
        MAX_RECORD_BYTES,
      ),
    },
    retry: { maxAttempts, baseDelayMs, maxDelayMs },
    pacing:
      pacing === undefined
        ? undefined
        : {
            recordsPerSecond: positive(
              'pacing.recordsPerSecondPerShard',
              pacing.recordsPerSecondPerShard,
              SHARD_RECORDS_PER_SECOND,
            ),
            bytesPerSecond: positive(
              'pacing.bytesPerSecondPerShard',
              pacing.bytesPerSecondPerShard,
              SHARD_BYTES_PER_SECOND,
            ),
            burstMs: positive('pacing.burstMs', pacing.burstMs, DEFAULT_BURST_MS),
          },
    watermark:
      watermark === undefined || encode === undefined
        ? undefined
        : {
            encode,
            intervalMs: positive(
              'watermark.intervalMs',
              watermark.intervalMs,
              DEFAULT_WATERMARK_INTERVAL_MS,
            ),
            everyRecords:
              watermark.everyRecords === undefined
                ? undefined
                : int('watermark.everyRecords', watermark.everyRecords, 0, 1),
            maxOutOfOrdernessMs: num(
              'watermark.maxOutOfOrdernessMs',
              watermark.maxOutOfOrdernessMs,
              0,
              0,
            ),
            final: bool('watermark.final', watermark.final, true),
            partitionKey: partitionKey(
              'watermark.partitionKey',
              watermark.partitionKey ?? DEFAULT_WATERMARK_PARTITION_KEY,
            ),
          },
    aggregation:
      aggregation === undefined
        ? undefined
        : {
            maxBytes: int(
              'aggregation.maxBytes',
              aggregation.maxBytes,
              DEFAULT_AGGREGATION_MAX_BYTES,
              1,
              MAX_AGGREGATION_BYTES,
            ),
            maxRecords: int(
              'aggregation.maxRecords',
              aggregation.maxRecords,
              DEFAULT_AGGREGATION_MAX_RECORDS,
              1,
            ),
          },
    shardMapRefreshMs: positive(
      'shardMapRefreshMs',
      options.shardMapRefreshMs,
      DEFAULT_SHARD_MAP_REFRESH_MS,
    ),
    clock: clock(options.clock),
    random: optionalFunction('random', options.random) ?? Math.random,
    onAcknowledge: optionalFunction('onAcknowledge', options.onAcknowledge),
    onOutOfOrder: optionalFunction('onOutOfOrder', options.onOutOfOrder),
    onMetrics: optionalFunction('onMetrics', options.onMetrics),
    metricsIntervalMs: positive(
      'metricsIntervalMs',
      options.metricsIntervalMs,
      DEFAULT_METRICS_INTERVAL_MS,
    ),
  };
}

function objectOrEmpty<T extends object>(name: string, value: T | undefined): T | Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') {
    throw new InvalidOptionError(name, value, 'an object');
  }
  return value;
}

function num(name: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidOptionError(name, value, rangeText('a number', min, max));
  }
  return value;
}

function int(name: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, value, rangeText('an integer', min, max));
  }
  return value;
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(name, value, 'a finite number > 0');
  }
  return value;
}

function rangeText(kind: string, min: number, max: number): string {
  return max === Infinity ? `${kind} >= ${min}` : `${kind} in [${min}, ${max}]`;
}

function bool(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, value, 'a boolean');
  return value;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidOptionError(name, value, 'a non-empty string');
  }
  return value;
}

function partitionKey(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PARTITION_KEY_LENGTH) {
    throw new InvalidOptionError(
      name,
      value,
      `a string of 1-${MAX_PARTITION_KEY_LENGTH} characters`,
    );
  }
  return value;
}

function optionalFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new InvalidOptionError(name, value, 'a function');
  return value;
}

function clock(value: Clock | undefined): Clock {
  if (value === undefined) return systemClock;
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof value.now !== 'function' ||
    typeof value.setTimeout !== 'function' ||
    typeof value.clearTimeout !== 'function'
  ) {
    throw new InvalidOptionError('clock', value, 'a Clock (now, setTimeout, clearTimeout)');
  }
  return value;
}
