import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { OpenSearchQueryError } from '../errors/opensearch-query-error.js';
import { send } from './send.js';
import { resolveSigV4, type SigV4Options } from './sigv4-options.js';

/**
 * The one OpenSearch call this package makes. A `Client` of `@opensearch-project/opensearch`
 * has this shape, so one can be passed wherever a `SearchClient` is expected.
 */
export interface SearchClient {
  search(params: { index: string; body: Record<string, unknown> }): Promise<{ body: unknown }>;
}

/** Options of {@link httpSearchClient}. */
export interface HttpSearchClientOptions {
  /** Sign requests for Amazon OpenSearch Service / Serverless. Default: unsigned. */
  sigv4?: SigV4Options;
  /** Per-request timeout in milliseconds. Default 30000. */
  timeoutMs?: number;
}

/**
 * A {@link SearchClient} over plain HTTP(S) for an OpenSearch endpoint such as
 * `http://127.0.0.1:9200` (`user:password@` in the URL becomes basic authentication).
 *
 * @throws InvalidOptionError for a URL that is not http(s) or bad SigV4 options.
 */
export function httpSearchClient(url: string, options: HttpSearchClientOptions = {}): SearchClient {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new InvalidOptionError('opensearch', url, 'must be an http(s) URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidOptionError('opensearch', url, 'must be an http(s) URL');
  }
  const root = base.toString().replace(/\/+$/, '');
  const sigv4 = options.sigv4 ? resolveSigV4(options.sigv4) : undefined;
  return {
    async search({ index, body }) {
      const res = await send({
        method: 'POST',
        url: `${root}/${encodeURIComponent(index)}/_search`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        sigv4,
        timeoutMs: options.timeoutMs,
      });
      if (res.status >= 300) throw new OpenSearchQueryError(index, res.status, reasonOf(res.text));
      return { body: JSON.parse(res.text) as unknown };
    },
  };
}

function reasonOf(text: string): string {
  try {
    const error = JSON.parse(text)?.error;
    const cause = error?.root_cause?.[0]?.reason;
    if (typeof error === 'string') return error;
    if (error?.reason)
      return cause && cause !== error.reason ? `${error.reason}: ${cause}` : error.reason;
  } catch {
    // not JSON: the raw text says more than nothing
  }
  return text.slice(0, 500);
}
