import { RETRYABLE_STATUS_CODES } from '../constants.js';
import {
  AccessDeniedError,
  OpenSearchRequestError,
  OpenSearchUnavailableError,
} from '../errors.js';

/** @internal What a failed request tells us. */
export interface FailureDescription {
  readonly retryable: boolean;
  /** HTTP status, when a response came back. */
  readonly statusCode?: number;
  readonly type: string;
  readonly reason: string;
}

/** Client errors that mean "no (complete) response": worth another try, the ids make it safe. */
const TRANSIENT_CLIENT_ERRORS = new Set([
  'ConnectionError',
  'TimeoutError',
  'NoLivingConnectionsError',
  'DeserializationError',
]);

/**
 * @internal Classifies an error thrown by `client.transport.request`. Errors are recognised by
 * `name`: the client's ESM entry point does not export its error classes.
 */
export function describeFailure(err: unknown): FailureDescription {
  const e = err as { name?: string; message?: string; statusCode?: number; meta?: any; body?: any };
  if (e?.name === 'ResponseError') {
    const statusCode = e.statusCode ?? e.meta?.statusCode;
    const { type, reason } = errorOfBody(e.body ?? e.meta?.body, e.meta?.headers);
    return { retryable: RETRYABLE_STATUS_CODES.has(statusCode), statusCode, type, reason };
  }
  if (e?.name !== undefined && TRANSIENT_CLIENT_ERRORS.has(e.name)) {
    return { retryable: true, type: e.name, reason: e.message ?? e.name };
  }
  return { retryable: false, type: e?.name ?? 'Error', reason: e?.message ?? String(err) };
}

/**
 * @internal Maps a final failure to the sink's error classes. The client's error is replaced by a
 * bare copy of its name and message: its `meta` holds the request (headers and a body of up to
 * `maxBytes`), which has no place in logs.
 */
export function toPublicError(err: unknown, operation: string, attempts: number): Error {
  const e = err as Error;
  const d = describeFailure(err);
  const isClientError =
    e?.name === 'ResponseError' || (e?.name !== undefined && TRANSIENT_CLIENT_ERRORS.has(e.name));
  if (!isClientError) return err instanceof Error ? err : new Error(String(err));
  const cause = Object.assign(new Error(e.message), { name: e.name });
  if (d.retryable) {
    return new OpenSearchUnavailableError(operation, attempts, d.statusCode, { cause });
  }
  const status = d.statusCode ?? 0;
  if (status === 401 || status === 403) {
    return new AccessDeniedError(operation, status, d.type, d.reason, { cause });
  }
  return new OpenSearchRequestError(operation, status, d.type, d.reason, { cause });
}

/**
 * @internal Reads `{ error: { type, reason } }` (OpenSearch), `{ message }` with an
 * `x-amzn-ErrorType` header (AWS front ends) or a plain-text body.
 */
export function errorOfBody(
  body: unknown,
  headers?: Record<string, unknown>,
): { type: string; reason: string } {
  const amznType = headers?.['x-amzn-errortype'];
  const headerType = typeof amznType === 'string' ? amznType.split(':')[0] : undefined;
  if (body !== null && typeof body === 'object') {
    const b = body as { error?: unknown; message?: unknown; Message?: unknown };
    if (b.error !== null && typeof b.error === 'object') {
      const inner = b.error as { type?: unknown; reason?: unknown };
      return {
        type: String(inner.type ?? headerType ?? 'unknown'),
        reason: String(inner.reason ?? ''),
      };
    }
    const message = b.message ?? b.Message;
    if (typeof b.error === 'string' || typeof message === 'string') {
      return {
        type: headerType ?? (typeof b.error === 'string' ? b.error : 'unknown'),
        reason: String(message ?? b.error),
      };
    }
  }
  if (typeof body === 'string' && body.length > 0) {
    return { type: headerType ?? 'unknown', reason: body.slice(0, 500) };
  }
  return { type: headerType ?? 'unknown', reason: '' };
}
