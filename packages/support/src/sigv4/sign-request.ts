import type { AwsCredentials } from './aws-credentials.js';
import { signRequestParts, type SigningParts } from './sign-request-parts.js';
import type { SigV4Service } from './sigv4-service.js';

/** A request to sign, e.g. the arguments of a later `fetch(url, { method, headers, body })`. */
export interface SignableRequest {
  readonly method: string;
  readonly url: string | URL;
  /** Headers to send and sign. Default: none (`content-type: application/json` is added with a body). */
  readonly headers?: Readonly<Record<string, string | number | undefined>>;
  /** The exact bytes (or UTF-8 text) that will be sent. Default: no body. */
  readonly body?: string | Uint8Array;
}

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  /** AWS region of the domain or collection, e.g. `eu-west-1`. */
  readonly region: string;
  /** Default: `es`. */
  readonly service?: SigV4Service;
  readonly credentials: AwsCredentials;
  /** Signing time, ms since the epoch. Default: `Date.now()`. */
  readonly now?: number;
}

/**
 * Signs a request for Amazon OpenSearch Service (`es`) or Serverless (`aoss`) with AWS Signature
 * Version 4 and returns the headers to send with it (lower-case names). Sign right before
 * sending: AWS refuses signatures older than 5 minutes.
 *
 * @example
 * const body = JSON.stringify({ query: { match_all: {} } });
 * const url = `${endpoint}/taxi/_search`;
 * const headers = signRequest({ method: 'POST', url, body }, { region: 'eu-west-1', credentials });
 * const res = await fetch(url, { method: 'POST', headers, body });
 */
export function signRequest(
  request: SignableRequest,
  options: SignRequestOptions,
): Record<string, string> {
  return signRequestParts(toSigningParts(request), {
    region: options.region,
    service: options.service ?? 'es',
    credentials: options.credentials,
    now: options.now ?? Date.now(),
  });
}

/** The parts of a `fetch`-style request that SigV4 covers. */
function toSigningParts(request: SignableRequest): SigningParts {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  return {
    method: request.method,
    host: url.host,
    path: `${url.pathname}${url.search}`,
    headers: request.headers ?? {},
    body: request.body,
  };
}
