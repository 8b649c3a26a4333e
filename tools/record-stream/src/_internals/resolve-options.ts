import { InvalidOptionError } from '@tripstream/kinesis-source';
import {
  DEFAULT_EMPTY_POLL_DELAY_MS,
  DEFAULT_GET_RECORDS_LIMIT,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
} from '../constants.js';
import type { RecordStreamOptions } from '../record-stream-options.js';

/** @internal */
export type ResolvedRecordStreamOptions = Required<Omit<RecordStreamOptions, 'meta'>> &
  Pick<RecordStreamOptions, 'meta'>;

/** @internal Validates once, fills in defaults. */
export function resolveOptions(options: RecordStreamOptions): ResolvedRecordStreamOptions {
  if (typeof options?.client?.send !== 'function') {
    throw new InvalidOptionError('client', options?.client, 'a KinesisClient');
  }
  if (typeof options.stream !== 'string' || options.stream.length === 0) {
    throw new InvalidOptionError('stream', options.stream, 'a stream name');
  }
  const int = (field: keyof RecordStreamOptions, fallback: number, min: number, max: number) => {
    const value = options[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidOptionError(field, value, `a whole number in ${min}..${max}`);
    }
    return value;
  };
  return {
    client: options.client,
    stream: options.stream,
    limit: int('limit', DEFAULT_GET_RECORDS_LIMIT, 1, 10_000),
    maxRetries: int('maxRetries', DEFAULT_MAX_RETRIES, 0, 1_000),
    retryBaseDelayMs: int('retryBaseDelayMs', DEFAULT_RETRY_BASE_DELAY_MS, 0, 3_600_000),
    emptyPollDelayMs: int('emptyPollDelayMs', DEFAULT_EMPTY_POLL_DELAY_MS, 0, 3_600_000),
    meta: options.meta,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
}
