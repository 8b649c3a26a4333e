/**
 * Error classes of the sink. Each carries the data needed to act on it; none carries credentials,
 * signatures or request bodies (a failed 5 MiB bulk body does not belong in a log line).
 */

/** An option failed validation at construction. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';
  constructor(
    /** Dotted path of the option, e.g. `retry.maxAttempts`. */
    readonly option: string,
    /** The rejected value. */
    readonly value: unknown,
    /** What was expected, e.g. `an integer >= 1`. */
    readonly expected: string,
  ) {
    super(`invalid option ${option}: expected ${expected}, got ${describe(value)}`);
  }
}

/** One document that OpenSearch (or the writer, before sending) refused for good. */
export class BulkItemError extends Error {
  override readonly name = 'BulkItemError';
  constructor(
    readonly index: string,
    readonly id: string,
    /** HTTP status of the item; 0 when the writer refused it before sending. */
    readonly status: number,
    /** OpenSearch error type, e.g. `mapper_parsing_exception`, or `invalid_request`. */
    readonly type: string,
    /** OpenSearch's reason, e.g. `failed to parse field [pickup_count] of type [long]`. */
    readonly reason: string,
    /** Times the item was sent. */
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`document ${index}/${id} rejected (${status} ${type}): ${reason}`, options);
  }
}

/** Retryable whole-request failures (refused, reset, timeout, 429, 502-504) outlasted the retries. */
export class OpenSearchUnavailableError extends Error {
  override readonly name = 'OpenSearchUnavailableError';
  constructor(
    /** What was being done, e.g. `POST /_bulk`. */
    readonly operation: string,
    /** Requests sent, the first one included. */
    readonly attempts: number,
    /** HTTP status of the last attempt, or `undefined` when it got no response. */
    readonly statusCode: number | undefined,
    options?: ErrorOptions,
  ) {
    const last = statusCode === undefined ? 'no response' : `HTTP ${statusCode}`;
    super(`OpenSearch unavailable: ${operation} failed ${attempts} times (last: ${last})`, options);
  }
}

/** OpenSearch answered a whole request with a status that sending again will not fix. */
export class OpenSearchRequestError extends Error {
  override readonly name: string = 'OpenSearchRequestError';
  constructor(
    readonly operation: string,
    readonly statusCode: number,
    /** Error type from the body or the `x-amzn-ErrorType` header, e.g. `illegal_argument_exception`. */
    readonly type: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${operation} failed with HTTP ${statusCode} (${type}): ${reason}`, options);
  }
}

/**
 * 401/403: the server refused the caller. With SigV4 this means a wrong or expired key, a wrong
 * region or service, a skewed clock or a body altered after signing.
 */
export class AccessDeniedError extends OpenSearchRequestError {
  override readonly name = 'AccessDeniedError';
  constructor(
    operation: string,
    statusCode: number,
    type: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(operation, statusCode, type, reason, options);
    this.message +=
      ' (check the credentials, the SigV4 region and service, and the clock of this host)';
  }
}

/** One field whose type in an existing index differs from the type a template asks for. */
export interface MappingConflict {
  /** Dotted field path, e.g. `location` or `trip.pickup.location`. */
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

/** An existing index maps fields differently from the template that should govern it. */
export class MappingConflictError extends Error {
  override readonly name = 'MappingConflictError';
  constructor(
    readonly index: string,
    /** Name of the index template the index was checked against. */
    readonly template: string,
    readonly conflicts: readonly MappingConflict[],
    options?: ErrorOptions,
  ) {
    const list = conflicts
      .map((c) => `${c.field} is ${c.actual}, template wants ${c.expected}`)
      .join('; ');
    super(
      `refusing to write into index ${index}: its mapping conflicts with template ${template}: ${list}`,
      options,
    );
  }
}

/** The SigV4 credentials provider failed (and no unexpired credentials were cached). */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The dead-letter callback or file failed, so permanently rejected documents had nowhere to go. */
export class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';
  constructor(
    /** Documents that could not be dead-lettered. */
    readonly count: number,
    options?: ErrorOptions,
  ) {
    super(`could not dead-letter ${count} rejected document(s)`, options);
  }
}

/** `write()` after `close()`. */
export class WriterClosedError extends Error {
  override readonly name = 'WriterClosedError';
  constructor() {
    super('the bulk writer is closed');
  }
}

/** Primitives verbatim; objects only by kind, since an options object may hold credentials. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
