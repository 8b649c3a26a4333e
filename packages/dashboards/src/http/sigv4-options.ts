import type { AwsCredentials } from '@tripstream/support/sigv4';
import { InvalidOptionError } from '../errors/invalid-option-error.js';

export type { AwsCredentials } from '@tripstream/support/sigv4';

/** SigV4 signing for Amazon OpenSearch Service, its Dashboards, and OpenSearch Serverless. */
export interface SigV4Options {
  /** Region of the domain, e.g. `eu-west-1`. Default `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region?: string;
  /** Signing service: `es` for a managed domain and its Dashboards, `aoss` for Serverless. Default `es`. */
  service?: 'es' | 'aoss';
  /**
   * Credentials, or a function returning them, called once per request so rotated credentials are
   * picked up. Default `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from
   * the environment, read per request.
   */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
}

/** {@link SigV4Options} with defaults applied. */
export interface ResolvedSigV4 {
  region: string;
  service: 'es' | 'aoss';
  credentials: () => Promise<AwsCredentials>;
}

/**
 * Applies defaults and checks the fields once.
 *
 * @throws InvalidOptionError when no region is given or set in the environment, or the
 *   service is unknown.
 */
export function resolveSigV4(options: SigV4Options, env = process.env): ResolvedSigV4 {
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new InvalidOptionError(
      'sigv4.region',
      region,
      'must be an AWS region such as eu-west-1 (or set AWS_REGION)',
    );
  }
  const service = options.service ?? 'es';
  if (service !== 'es' && service !== 'aoss') {
    throw new InvalidOptionError('sigv4.service', service, 'must be es or aoss');
  }
  const given = options.credentials;
  const credentials =
    typeof given === 'function'
      ? given
      : given
        ? () => Promise.resolve(given)
        : () => Promise.resolve(credentialsFromEnv(env));
  return { region, service, credentials };
}

function credentialsFromEnv(env: NodeJS.ProcessEnv): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new InvalidOptionError(
      'sigv4.credentials',
      accessKeyId ? '(secret missing)' : undefined,
      'no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}
