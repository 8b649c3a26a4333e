import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { systemClock } from '@tripstream/support';
import type { Clock } from '../clock.js';
import {
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_IDLE_POLL_INTERVAL_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_SHARD_DISCOVERY_INTERVAL_MS,
  KINESIS_BYTES_PER_SECOND_PER_SHARD,
  KINESIS_CALLS_PER_SECOND_PER_SHARD,
  KINESIS_MAX_RECORDS_PER_CALL,
} from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { KinesisSourceOptions } from '../kinesis-source-options.js';
import type { ShardFilter, ShardPosition, ShardStartPosition } from '../types.js';

/** @internal {@link KinesisSourceOptions} validated, with defaults applied. */
export interface ResolvedOptions {
  client: KinesisClient;
  /** `StreamName` or `StreamARN`, ready to spread into a request. */
  stream: { StreamName?: string; StreamARN?: string };
  /** Name or ARN, for messages. */
  streamLabel: string;
  startPosition: Extract<
    ShardStartPosition,
    { type: 'TRIM_HORIZON' } | { type: 'LATEST' } | { type: 'AT_TIMESTAMP' }
  >;
  checkpoint: { shards: Map<string, ShardPosition>; finished: Set<string> };
  shardFilter: ShardFilter;
  maxRecordsPerCall: number;
  maxCallsPerSecondPerShard: number;
  maxBytesPerSecondPerShard: number;
  idlePollIntervalMs: number;
  idleTimeoutMs: number;
  shardDiscoveryIntervalMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  maxRetries: number;
  maxThrottledRetries: number;
  maxBufferedRecords: number;
  deaggregate: boolean;
  clock: Clock;
  random: () => number;
}

/** @internal Validates once, at construction; every message names the option and the value. */
export function resolveOptions(options: KinesisSourceOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'must be an object');
  }
  const o = options;
  if (!o.client || typeof (o.client as { send?: unknown }).send !== 'function') {
    throw new InvalidOptionError('client', o.client, 'must be a KinesisClient');
  }
  const hasName = o.streamName !== undefined;
  const hasArn = o.streamARN !== undefined;
  if (hasName === hasArn) {
    throw new InvalidOptionError(
      hasName ? 'streamARN' : 'streamName',
      hasName ? o.streamARN : o.streamName,
      'exactly one of streamName and streamARN is required',
    );
  }
  const label = (hasName ? o.streamName : o.streamARN) as unknown;
  if (typeof label !== 'string' || label.length === 0) {
    throw new InvalidOptionError(
      hasName ? 'streamName' : 'streamARN',
      label,
      'must be a non-empty string',
    );
  }
  if (o.shardFilter !== undefined && typeof o.shardFilter !== 'function') {
    throw new InvalidOptionError('shardFilter', o.shardFilter, 'must be a function');
  }
  if (o.clock !== undefined && (typeof o.clock?.now !== 'function' || !o.clock.sleep)) {
    throw new InvalidOptionError('clock', o.clock, 'must have now() and sleep()');
  }
  if (o.random !== undefined && typeof o.random !== 'function') {
    throw new InvalidOptionError('random', o.random, 'must be a function');
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new InvalidOptionError('signal', o.signal, 'must be an AbortSignal');
  }
  if (o.deaggregate !== undefined && typeof o.deaggregate !== 'boolean') {
    throw new InvalidOptionError('deaggregate', o.deaggregate, 'must be a boolean');
  }
  if (o.retry !== undefined && (typeof o.retry !== 'object' || o.retry === null)) {
    throw new InvalidOptionError('retry', o.retry, 'must be an object');
  }
  const retry = o.retry ?? {};
  const backoffInitialMs = positive(
    'retry.baseDelayMs',
    retry.baseDelayMs,
    DEFAULT_BACKOFF_INITIAL_MS,
  );
  const backoffMaxMs = positive('retry.maxDelayMs', retry.maxDelayMs, DEFAULT_BACKOFF_MAX_MS);
  if (backoffMaxMs < backoffInitialMs) {
    throw new InvalidOptionError(
      'retry.maxDelayMs',
      backoffMaxMs,
      `must be >= retry.baseDelayMs (${backoffInitialMs})`,
    );
  }
  return {
    client: o.client,
    stream: hasName ? { StreamName: o.streamName } : { StreamARN: o.streamARN },
    streamLabel: label,
    startPosition: resolveStart(o.startPosition),
    checkpoint: resolveCheckpoint(o.checkpoint),
    shardFilter: o.shardFilter ?? (() => true),
    maxRecordsPerCall: integer(
      'maxRecordsPerCall',
      o.maxRecordsPerCall,
      KINESIS_MAX_RECORDS_PER_CALL,
      1,
      KINESIS_MAX_RECORDS_PER_CALL,
    ),
    maxCallsPerSecondPerShard: positive(
      'maxCallsPerSecondPerShard',
      o.maxCallsPerSecondPerShard,
      KINESIS_CALLS_PER_SECOND_PER_SHARD,
    ),
    maxBytesPerSecondPerShard: positive(
      'maxBytesPerSecondPerShard',
      o.maxBytesPerSecondPerShard,
      KINESIS_BYTES_PER_SECOND_PER_SHARD,
    ),
    idlePollIntervalMs: nonNegative(
      'idlePollIntervalMs',
      o.idlePollIntervalMs,
      DEFAULT_IDLE_POLL_INTERVAL_MS,
    ),
    idleTimeoutMs: nonNegative('idleTimeoutMs', o.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS, true),
    shardDiscoveryIntervalMs: positive(
      'shardDiscoveryIntervalMs',
      o.shardDiscoveryIntervalMs,
      DEFAULT_SHARD_DISCOVERY_INTERVAL_MS,
      true,
    ),
    backoffInitialMs,
    backoffMaxMs,
    maxRetries:
      integer(
        'retry.maxAttempts',
        retry.maxAttempts,
        DEFAULT_MAX_RETRIES + 1,
        1,
        Number.MAX_SAFE_INTEGER,
      ) - 1,
    maxThrottledRetries:
      retry.maxThrottledAttempts === Infinity || retry.maxThrottledAttempts === undefined
        ? Infinity
        : integer(
            'retry.maxThrottledAttempts',
            retry.maxThrottledAttempts,
            Infinity,
            1,
            Number.MAX_SAFE_INTEGER,
          ) - 1,
    maxBufferedRecords: integer(
      'maxBufferedRecords',
      o.maxBufferedRecords,
      DEFAULT_MAX_BUFFERED_RECORDS,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    deaggregate: o.deaggregate ?? true,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
  };
}

function resolveStart(
  start: KinesisSourceOptions['startPosition'],
): ResolvedOptions['startPosition'] {
  if (start === undefined) return { type: 'TRIM_HORIZON' };
  if (start === null || typeof start !== 'object') {
    throw new InvalidOptionError(
      'startPosition',
      start,
      "must be an object like { type: 'TRIM_HORIZON' }",
    );
  }
  switch (start.type) {
    case 'TRIM_HORIZON':
    case 'LATEST':
      return { type: start.type };
    case 'AT_TIMESTAMP': {
      const t = start.timestamp instanceof Date ? start.timestamp.getTime() : start.timestamp;
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw new InvalidOptionError(
          'startPosition.timestamp',
          start.timestamp,
          'must be a valid Date or ms since the epoch',
        );
      }
      return { type: 'AT_TIMESTAMP', timestamp: t };
    }
    default:
      throw new InvalidOptionError(
        'startPosition.type',
        (start as { type?: unknown }).type,
        'must be TRIM_HORIZON, LATEST or AT_TIMESTAMP',
      );
  }
}

function resolveCheckpoint(cp: KinesisSourceOptions['checkpoint']): ResolvedOptions['checkpoint'] {
  const shards = new Map<string, ShardPosition>();
  const finished = new Set<string>();
  if (cp === undefined) return { shards, finished };
  if (
    cp === null ||
    typeof cp !== 'object' ||
    typeof cp.shards !== 'object' ||
    !Array.isArray(cp.finished)
  ) {
    throw new InvalidOptionError(
      'checkpoint',
      cp,
      'must be { shards: {...}, finished: [...] } from positions()',
    );
  }
  for (const id of cp.finished) {
    if (typeof id !== 'string') {
      throw new InvalidOptionError('checkpoint.finished', id, 'must hold shard id strings');
    }
    finished.add(id);
  }
  for (const [id, pos] of Object.entries(cp.shards ?? {})) {
    if (finished.has(id)) continue;
    shards.set(id, checkPosition(id, pos));
  }
  return { shards, finished };
}

function checkPosition(id: string, pos: unknown): ShardPosition {
  const field = `checkpoint.shards.${id}`;
  if (pos === null || typeof pos !== 'object') {
    throw new InvalidOptionError(field, pos, 'must be a position from positions()');
  }
  const p = pos as Record<string, unknown>;
  if (p.startPosition !== undefined) {
    const start = p.startPosition as Record<string, unknown> | null;
    if (start?.type === 'TRIM_HORIZON') return { startPosition: { type: 'TRIM_HORIZON' } };
    if (
      start?.type === 'AT_TIMESTAMP' &&
      typeof start.timestamp === 'number' &&
      Number.isFinite(start.timestamp)
    ) {
      return { startPosition: { type: 'AT_TIMESTAMP', timestamp: start.timestamp } };
    }
    throw new InvalidOptionError(
      `${field}.startPosition`,
      start,
      'must be { type: TRIM_HORIZON } or { type: AT_TIMESTAMP, timestamp: <ms> }',
    );
  }
  const seq = p.sequenceNumber;
  if (typeof seq !== 'string' || !/^\d+$/.test(seq)) {
    throw new InvalidOptionError(`${field}.sequenceNumber`, seq, 'must be a decimal string');
  }
  const sub = p.subSequenceNumber;
  if (sub === undefined) return { sequenceNumber: seq };
  if (typeof sub !== 'number' || !Number.isInteger(sub) || sub < 0) {
    throw new InvalidOptionError(`${field}.subSequenceNumber`, sub, 'must be an integer >= 0');
  }
  return { sequenceNumber: seq, subSequenceNumber: sub };
}

function positive(
  field: string,
  value: number | undefined,
  fallback: number,
  allowInfinity = false,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value <= 0 ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw new InvalidOptionError(
      field,
      value,
      allowInfinity ? 'must be a number > 0' : 'must be a finite number > 0',
    );
  }
  return value;
}

function nonNegative(
  field: string,
  value: number | undefined,
  fallback: number,
  allowInfinity = false,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < 0 ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw new InvalidOptionError(
      field,
      value,
      allowInfinity ? 'must be a number >= 0' : 'must be a finite number >= 0',
    );
  }
  return value;
}

function integer(
  field: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(field, value, `must be an integer in [${min}, ${max}]`);
  }
  return value;
}
