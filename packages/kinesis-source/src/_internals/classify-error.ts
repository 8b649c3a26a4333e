/** @internal What to do about a failed Kinesis call. */
export type ErrorKind = 'throttled' | 'expired-iterator' | 'transient' | 'fatal';

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
  'ThrottlingException',
]);

const TRANSIENT = new Set([
  'InternalFailure',
  'InternalFailureException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** @internal Sorts an SDK or network error into what the reader does next. */
export function classifyError(error: unknown): ErrorKind {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  } | null;
  const name = e?.name ?? '';
  if (THROTTLED.has(name)) return 'throttled';
  if (name === 'ExpiredIteratorException') return 'expired-iterator';
  if (TRANSIENT.has(name) || (e?.code !== undefined && TRANSIENT.has(e.code))) return 'transient';
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'transient';
  if (e?.$retryable) return 'transient';
  return 'fatal';
}
