import { createHash } from 'node:crypto';
import aws4 from 'aws4';
import type { AwsCredentials } from './aws-credentials.js';
import type { SigV4Service } from './sigv4-service.js';

/** A request reduced to what SigV4 covers, as an HTTP client's connection layer holds it. */
export interface SigningParts {
  method: string;
  /** `host[:port]` as sent in the Host header. */
  host: string;
  /** Path and query string, already percent-encoded as sent. */
  path: string;
  headers: Readonly<Record<string, unknown>>;
  body?: string | Uint8Array | null;
}

/** What a signature is made with. */
export interface SigningContext {
  region: string;
  service: SigV4Service;
  credentials: AwsCredentials;
  /** Signing time, ms since the epoch. */
  now: number;
}

/**
 * Signs {@link SigningParts} with AWS Signature Version 4 and returns the headers to send: the given ones (lower-cased), plus `host`, `x-amz-date`,
 * `x-amz-content-sha256` (Serverless requires it, the managed service accepts it),
 * `x-amz-security-token` with temporary credentials, and `authorization`.
 */
export function signRequestParts(parts: SigningParts, ctx: SigningContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parts.headers)) {
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    // A stale signature or date from an earlier attempt must not be signed over.
    if (key === 'authorization' || key === 'x-amz-date' || key === 'x-amz-security-token') continue;
    headers[key] = String(value);
  }
  const body = parts.body ?? undefined;
  headers.host = parts.host;
  headers['x-amz-date'] = amzDate(ctx.now);
  headers['x-amz-content-sha256'] = createHash('sha256')
    .update(body ?? '')
    .digest('hex');
  if (body !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/json';
  }
  const signed = aws4.sign(
    {
      method: parts.method.toUpperCase(),
      host: parts.host,
      path: parts.path,
      headers,
      // aws4 only reads the body for Content-Length (the payload hash is already set above).
      body: body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(body),
      service: ctx.service,
      region: ctx.region,
    },
    {
      accessKeyId: ctx.credentials.accessKeyId,
      secretAccessKey: ctx.credentials.secretAccessKey,
      sessionToken: ctx.credentials.sessionToken,
    },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** `20250102T030405Z` */
function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}
