import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * An AWS-style SigV4 check, written against `@smithy/signature-v4` (the AWS SDK's signer), so it
 * shares no code with `aws4`, which the sink signs with: the signature is recomputed from the
 * request as received and compared.
 */
export interface VerifyOptions {
  /** Secret (and session token) per access key id. */
  readonly keys: Readonly<Record<string, { secretAccessKey: string; sessionToken?: string }>>;
  readonly region: string;
  readonly service: string;
  /** Server clock, ms since the epoch. Default: Date.now(). */
  readonly now?: number;
  /** Largest accepted |server clock - x-amz-date|, ms. AWS uses 5 minutes. */
  readonly maxSkewMs?: number;
}

export interface ReceivedRequest {
  readonly method: string;
  /** Raw request target as received, e.g. `/_bulk?filter_path=errors%2Citems`. */
  readonly url: string;
  /** Lower-case names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export type Verdict =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly status: 403; readonly type: string; readonly message: string };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

class NodeSha256 {
  private hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('not needed');
  }
}

function deny(type: string, message: string): Verdict {
  return { ok: false, status: 403, type, message };
}

function header(req: ReceivedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export async function verifySigV4(req: ReceivedRequest, options: VerifyOptions): Promise<Verdict> {
  const authorization = header(req, 'authorization');
  if (authorization === undefined)
    return deny('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = AUTH.exec(authorization);
  if (m === null) return deny('IncompleteSignatureException', 'Authorization header is malformed');
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m;
  const key = options.keys[accessKeyId];
  if (key === undefined) {
    return deny(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (region !== options.region || service !== options.service) {
    return deny(
      'InvalidSignatureException',
      `Credential should be scoped to ${options.region}/${options.service}, not ${region}/${service}.`,
    );
  }
  const amzDate = header(req, 'x-amz-date');
  const dm =
    amzDate === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (dm === null || amzDate?.slice(0, 8) !== scopeDate) {
    return deny(
      'IncompleteSignatureException',
      'x-amz-date is missing or disagrees with the credential scope',
    );
  }
  const signingDate = new Date(Date.UTC(+dm[1], +dm[2] - 1, +dm[3], +dm[4], +dm[5], +dm[6]));
  const now = options.now ?? Date.now();
  const maxSkew = options.maxSkewMs ?? 5 * 60_000;
  if (Math.abs(now - signingDate.getTime()) > maxSkew) {
    return deny(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than the accepted window (server time ${new Date(now).toISOString()}, 5 min allowed).`,
    );
  }
  const declaredHash = header(req, 'x-amz-content-sha256');
  const actualHash = createHash('sha256').update(req.body).digest('hex');
  if (declaredHash !== undefined && declaredHash !== actualHash) {
    return deny(
      'InvalidSignatureException',
      'x-amz-content-sha256 does not match the request body',
    );
  }
  const signed = signedHeaderList.split(';');
  if (!signed.includes('host'))
    return deny('InvalidSignatureException', 'host must be a signed header');
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = header(req, name);
    if (value === undefined)
      return deny('InvalidSignatureException', `signed header ${name} is missing`);
    headers[name] = value;
  }
  const url = new URL(req.url, 'http://placeholder');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: key.secretAccessKey,
      sessionToken: key.sessionToken,
    },
    region: options.region,
    service: options.service,
    sha256: NodeSha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const resigned = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: headers.host,
      path: url.pathname,
      query,
      headers,
      body: req.body.length > 0 ? req.body : undefined,
    },
    { signingDate, signableHeaders: new Set(signed) },
  );
  const expected =
    /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  const ok =
    expected.length === signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return ok ? { ok: true, accessKeyId } : deny('InvalidSignatureException', MISMATCH);
}
