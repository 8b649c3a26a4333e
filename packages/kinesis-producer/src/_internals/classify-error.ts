/** @internal What a failed call or entry means for a retry. */
export interface ErrorClass {
  retryable: boolean;
  throttle: boolean;
  code: string;
  message: string;
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'LimitExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'KMSThrottlingException',
  'SlowDown',
]);

const TRANSIENT = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_HTTP2_STREAM_ERROR',
  'UND_ERR_SOCKET',
]);

/** @internal Per-entry `ErrorCode`s of PutRecords that a retry can fix. */
export function classifyEntryError(code: string, message: string): ErrorClass {
  return {
    code,
    message,
    throttle: THROTTLING.has(code),
    retryable: THROTTLING.has(code) || TRANSIENT.has(code),
  };
}

/**
 * @internal Classifies an error thrown by `client.send`: throttling (any throttling name or 429),
 * transient (5xx, server fault, timeouts, connection errors) or final (everything else, e.g.
 * ResourceNotFoundException, ValidationException, AccessDeniedException).
 */
export function classifyCallError(error: unknown): ErrorClass {
  const e = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $fault?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    cause?: { code?: unknown };
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : name;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = e.$metadata?.httpStatusCode;
  const throttle =
    THROTTLING.has(name) ||
    THROTTLING.has(code) ||
    status === 429 ||
    (typeof e.$retryable === 'object' &&
      e.$retryable !== null &&
      (e.$retryable as { throttling?: unknown }).throttling === true);
  const transient =
    TRANSIENT.has(name) ||
    TRANSIENT.has(code) ||
    (typeof e.cause?.code === 'string' && TRANSIENT.has(e.cause.code)) ||
    (status !== undefined && status >= 500) ||
    e.$fault === 'server' ||
    (e.$retryable !== undefined && e.$retryable !== null && e.$retryable !== false);
  return { code, message, throttle, retryable: throttle || transient };
}
