import type { ClientRequest } from 'node:http';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { Client, Connection } from '@opensearch-project/opensearch';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './constants.js';
import { InvalidOptionError } from './errors.js';
import { createSigV4Signer, type SigV4Options, type SigV4Signer } from './create-sigv4-signer.js';
import { isLoopbackHost, redactUrl } from './_internals/endpoint-url.js';
import type { AwsCredentials } from './types.js';

/** Options of {@link createOpenSearchClient}. */
export interface OpenSearchClientOptions {
  /**
   * Endpoint URL(s), e.g. `https://search-taxi-abc.eu-west-1.es.amazonaws.com` or
   * `http://127.0.0.1:9200`. Basic auth may ride in the URL (`https://user:pass@host`). Required.
   */
  readonly node: string | readonly string[];
  /**
   * Sign every request with AWS SigV4 (Amazon OpenSearch Service or Serverless). Pass options, or
   * a signer from `createSigV4Signer` to share its credential cache. Default: unsigned.
   */
  readonly sigv4?: SigV4Options | SigV4Signer;
  /** Time one HTTP request may take. Unit: ms. Default: 30000. */
  readonly requestTimeoutMs?: number;
  /**
   * Retries the client itself makes on connection errors and 502/503/504, without backoff.
   * `BulkWriter` turns them off for its own requests and retries with backoff instead.
   * Default: 3 (the client's default).
   */
  readonly maxRetries?: number;
  /** TLS options for `https` nodes, e.g. `{ ca }` for a private CA. Default: Node's defaults. */
  readonly tls?: TlsOptions;
}

/**
 * Builds an `@opensearch-project/opensearch` client: plain HTTP(S) for self-managed clusters, or
 * SigV4-signed (`@tripstream/support/sigv4`, on `aws4`) for Amazon OpenSearch Service and Serverless. Credentials are
 * fetched before the first request and refreshed before they expire; they and the signatures
 * never appear in the client's error objects or events, which only see unsigned headers.
 */
export function createOpenSearchClient(options: OpenSearchClientOptions): Client {
  return clientFactory(options)();
}

/** @internal Validates `options` now; each call of the result builds a client. */
export function clientFactory(options: OpenSearchClientOptions): () => Client {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an options object');
  }
  const nodes = typeof options.node === 'string' ? [options.node] : options.node;
  if (!Array.isArray(nodes) || nodes.length === 0) {
    throw new InvalidOptionError(
      'node',
      options.node,
      'an http(s) URL or a non-empty array of them',
    );
  }
  for (const node of nodes) {
    let url: URL | undefined;
    try {
      url = new URL(node);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new InvalidOptionError(
        'node',
        redactUrl(String(node)),
        'an http(s) URL such as "http://127.0.0.1:9200"',
      );
    }
    // A signed request carries the access key id, the signature and the session token: over
    // plain http anyone on the path reads them. Only a loopback host is exempt (local proxies).
    if (options.sigv4 !== undefined && url.protocol === 'http:' && !isLoopbackHost(url)) {
      throw new InvalidOptionError(
        'node',
        redactUrl(node),
        'an https:// URL when signing with SigV4 (plain http:// would send the credentials in clear text; only a loopback host may use http)',
      );
    }
  }
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isFinite(requestTimeout) || requestTimeout <= 0) {
    throw new InvalidOptionError('requestTimeoutMs', requestTimeout, 'a number of ms > 0');
  }
  const maxRetries = options.maxRetries ?? 3;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidOptionError('maxRetries', maxRetries, 'an integer >= 0');
  }
  const signer =
    options.sigv4 === undefined
      ? undefined
      : isSigner(options.sigv4)
        ? options.sigv4
        : createSigV4Signer(options.sigv4);
  const Signed = signer ? sigV4Connection(signer) : undefined;
  return () =>
    new Client({
      node: [...nodes],
      requestTimeout,
      maxRetries,
      ssl: options.tls,
      ...(Signed ? { Connection: Signed } : {}),
    });
}

function isSigner(value: SigV4Options | SigV4Signer): value is SigV4Signer {
  return typeof (value as SigV4Signer).signWith === 'function';
}

type Callback = Parameters<Connection['request']>[1];

/**
 * A Connection that signs each request right before it leaves. Signing happens in
 * `buildRequestObject`, on the copy of the headers that goes to `http.request`, so the transport's
 * own records (errors, events) never hold the signature or the session token.
 */
function sigV4Connection(signer: SigV4Signer): typeof Connection {
  class SigV4Connection extends Connection {
    private credentialsForNextRequest: AwsCredentials | undefined;

    override request(
      params: Parameters<Connection['request']>[0],
      callback: Callback,
    ): ClientRequest {
      const cached = signer.cachedCredentials();
      if (cached !== undefined) return this.requestWith(cached, params, callback);
      // Credentials must be fetched first: hand the transport an abortable placeholder.
      let aborted = false;
      let inner: { abort(): void } | undefined;
      signer.credentials().then(
        (credentials) => {
          if (aborted) {
            callback(
              Object.assign(new Error('Request aborted'), { name: 'RequestAbortedError' }),
              null,
            );
            return;
          }
          inner = this.requestWith(credentials, params, callback);
        },
        (err: Error) => callback(err, null),
      );
      return {
        abort() {
          aborted = true;
          inner?.abort();
        },
      } as unknown as ClientRequest;
    }

    private requestWith(
      credentials: AwsCredentials,
      params: Parameters<Connection['request']>[0],
      callback: Callback,
    ): ClientRequest {
      this.credentialsForNextRequest = credentials;
      try {
        return super.request(params, callback);
      } finally {
        this.credentialsForNextRequest = undefined;
      }
    }

    override buildRequestObject(params: any) {
      const request = super.buildRequestObject(params);
      const credentials = this.credentialsForNextRequest ?? signer.cachedCredentials();
      if (credentials === undefined) return request; // unreachable: request() fetched them
      const body = params.body;
      if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
        throw new TypeError('SigV4 signing needs a string or Buffer body, not a stream');
      }
      const hostname = String(request.hostname ?? '');
      const host =
        (hostname.includes(':') ? `[${hostname}]` : hostname) +
        (request.port !== undefined && request.port !== null && request.port !== ''
          ? `:${request.port}`
          : '');
      request.headers = signer.signWith(
        {
          method: String(request.method ?? 'GET'),
          host,
          path: String(request.path ?? '/'),
          headers: (request.headers ?? {}) as Record<string, unknown>,
          body: body ?? undefined,
        },
        credentials,
      );
      return request;
    }
  }
  return SigV4Connection;
}
