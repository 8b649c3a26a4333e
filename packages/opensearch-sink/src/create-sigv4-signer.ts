import {
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  MIN_CREDENTIAL_REFRESH_INTERVAL_MS,
} from './constants.js';
import { CredentialsError, InvalidOptionError } from './errors.js';
import {
  signRequest,
  signRequestParts,
  type SignableRequest,
  type SigningParts,
} from '@tripstream/support/sigv4';
import type { AwsCredentials, AwsCredentialsProvider, SigV4Service } from './types.js';

/** SigV4 options, shared by {@link createSigV4Signer} and `createOpenSearchClient({ sigv4 })`. */
export interface SigV4Options {
  /**
   * AWS region of the domain or collection. Default: `$AWS_REGION`, then `$AWS_DEFAULT_REGION`;
   * without any of the three construction fails.
   */
  readonly region?: string;
  /** `es` for Amazon OpenSearch Service, `aoss` for Serverless. Default: `es`. */
  readonly service?: SigV4Service;
  /**
   * Static credentials or a provider (any AWS SDK v3 credential provider fits). Default: the AWS
   * SDK default chain (`@aws-sdk/credential-provider-node`: environment, SSO, shared ini files,
   * web identity, ECS and EC2 metadata), loaded on first use.
   */
  readonly credentials?: AwsCredentials | AwsCredentialsProvider;
  /**
   * Credentials with an `expiration` are fetched again this long before it. If that fetch fails,
   * the old ones are used until they actually expire. Unit: ms. Default: 300000 (5 min).
   */
  readonly refreshBeforeExpiryMs?: number;
  /** Clock used for the signing date, ms since the epoch. Default: `Date.now`. */
  readonly now?: () => number;
}

/** Signs requests with credentials it resolves, caches and refreshes itself. */
export interface SigV4Signer {
  readonly region: string;
  readonly service: SigV4Service;
  /** Credentials that are not about to expire, fetching them if needed. */
  credentials(): Promise<AwsCredentials>;
  /** Cached credentials that are not about to expire, or `undefined` (never fetches). */
  cachedCredentials(): AwsCredentials | undefined;
  /** Signs `request` now; returns the headers to send (lower-case names). */
  sign(request: SignableRequest): Promise<Record<string, string>>;
  /** @internal Signs with credentials already in hand (the OpenSearch client's synchronous path). */
  signWith(parts: SigningParts, credentials: AwsCredentials): Record<string, string>;
}

/**
 * Resolves region, service and credentials once and returns a signer that keeps the
 * credentials fresh. Used by `createOpenSearchClient`; use it directly to sign plain `fetch`
 * requests.
 */
export function createSigV4Signer(options: SigV4Options = {}): SigV4Signer {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region === undefined || !/^[a-z0-9-]+$/.test(region)) {
    throw new InvalidOptionError(
      'sigv4.region',
      region,
      'an AWS region such as "eu-west-1" (or set AWS_REGION)',
    );
  }
  const service = options.service ?? 'es';
  if (service !== 'es' && service !== 'aoss') {
    throw new InvalidOptionError('sigv4.service', service, '"es" or "aoss"');
  }
  const refreshBefore = options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS;
  if (!Number.isFinite(refreshBefore) || refreshBefore < 0) {
    throw new InvalidOptionError(
      'sigv4.refreshBeforeExpiryMs',
      refreshBefore,
      'a number of ms >= 0',
    );
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new InvalidOptionError('sigv4.now', now, 'a function');
  const provider = toProvider(options.credentials);

  let cached: AwsCredentials | undefined;
  let fetchedAt = -Infinity;
  let inflight: Promise<AwsCredentials> | undefined;

  const notExpired = (c: AwsCredentials, t: number) =>
    c.expiration === undefined || c.expiration.getTime() > t;
  const cachedCredentials = (): AwsCredentials | undefined => {
    if (cached === undefined) return undefined;
    const t = now();
    const fresh =
      cached.expiration === undefined || cached.expiration.getTime() - t > refreshBefore;
    const recent = t - fetchedAt < MIN_CREDENTIAL_REFRESH_INTERVAL_MS && notExpired(cached, t);
    return fresh || recent ? cached : undefined;
  };
  const fetchCredentials = async (): Promise<AwsCredentials> => {
    try {
      const c = await provider();
      if (typeof c?.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string') {
        throw new TypeError('the credentials provider returned no accessKeyId/secretAccessKey');
      }
      cached = c;
      fetchedAt = now();
      return c;
    } catch (err) {
      if (cached !== undefined && notExpired(cached, now())) {
        fetchedAt = now();
        return cached;
      }
      throw new CredentialsError(
        `could not resolve AWS credentials for SigV4: ${(err as Error)?.message ?? String(err)}`,
        { cause: err },
      );
    }
  };
  const credentials = (): Promise<AwsCredentials> => {
    const c = cachedCredentials();
    if (c !== undefined) return Promise.resolve(c);
    inflight ??= fetchCredentials().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
  const signWith: SigV4Signer['signWith'] = (parts, creds) =>
    signRequestParts(parts, { region, service, credentials: creds, now: now() });

  return {
    region,
    service,
    credentials,
    cachedCredentials,
    signWith,
    async sign(request) {
      const creds = await credentials();
      return signRequest(request, { region, service, credentials: creds, now: now() });
    },
  };
}

function toProvider(credentials: SigV4Options['credentials']): AwsCredentialsProvider {
  if (credentials === undefined) {
    let chain: AwsCredentialsProvider | undefined;
    return async () => {
      if (chain === undefined) {
        const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
        chain = defaultProvider();
      }
      return chain();
    };
  }
  if (typeof credentials === 'function') return credentials;
  if (
    typeof credentials !== 'object' ||
    credentials === null ||
    typeof credentials.accessKeyId !== 'string' ||
    typeof credentials.secretAccessKey !== 'string'
  ) {
    throw new InvalidOptionError(
      'sigv4.credentials',
      typeof credentials === 'object'
        ? 'an object without string accessKeyId/secretAccessKey'
        : credentials,
      '{ accessKeyId, secretAccessKey, sessionToken? } or a credentials provider function',
    );
  }
  const fixed = credentials;
  return () => Promise.resolve(fixed);
}
