import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A stand-in for OpenSearch Dashboards' saved-objects `_import` endpoint, which cannot be
 * installed here. It follows the documented contract (POST multipart `file`, an `osd-xsrf`
 * header, `overwrite`, the `successCount`/`successResults`/`errors` answer) and checks what a
 * server would: known types, resolvable references, conflicts without overwrite. With `sigv4` it
 * recomputes every request's signature with `@smithy/signature-v4` (not aws4, which signs) and
 * answers 403 on a mismatch, as Amazon OpenSearch Service does.
 */
export interface DashboardsStubOptions {
  /** Saved-object types the server knows. Default index-pattern, visualization, dashboard. */
  types?: string[];
  /** Base path (e.g. `/_dashboards`). Default none. */
  basePath?: string;
  sigv4?: { region: string; service: string; accessKeyId: string; secretAccessKey: string };
}

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface DashboardsStub {
  url: string;
  /** Stored objects by `type:id`. */
  objects: Map<string, any>;
  requests: StubRequest[];
  close(): Promise<void>;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData) =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape @smithy/signature-v4 wants. */
class Sha256 {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

export async function startDashboardsStub(
  options: DashboardsStubOptions = {},
): Promise<DashboardsStub> {
  const types = new Set(options.types ?? ['index-pattern', 'visualization', 'dashboard']);
  const base = options.basePath ?? '';
  const objects = new Map<string, any>();
  const requests: StubRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(req.url!, 'http://stub');
    if (options.sigv4 && !(await signatureValid(req, url, body, options.sigv4))) {
      return reply(403, {
        message: 'The request signature we calculated does not match the signature you provided.',
      });
    }
    if (req.method !== 'POST' || url.pathname !== `${base}/api/saved_objects/_import`) {
      return reply(404, { statusCode: 404, error: 'Not Found', message: 'Not Found' });
    }
    if (req.headers['osd-xsrf'] === undefined) {
      return reply(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request must contain a osd-xsrf header.',
      });
    }
    const file = multipartFile(String(req.headers['content-type']), body);
    if (!file) {
      return reply(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: '[request body.file]: expected value of type [Stream]',
      });
    }
    const overwrite = url.searchParams.get('overwrite') === 'true';
    const incoming = file
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
    const inFile = new Set(incoming.map((o) => `${o.type}:${o.id}`));
    const errors: any[] = [];
    const accepted: any[] = [];
    for (const o of incoming) {
      const title = o.attributes?.title;
      if (!types.has(o.type)) {
        errors.push({
          id: o.id,
          type: o.type,
          title,
          meta: { title },
          error: { type: 'unsupported_type' },
        });
        continue;
      }
      const missing = (o.references ?? []).filter(
        (r: any) => !inFile.has(`${r.type}:${r.id}`) && !objects.has(`${r.type}:${r.id}`),
      );
      if (missing.length) {
        errors.push({
          id: o.id,
          type: o.type,
          title,
          meta: { title },
          error: {
            type: 'missing_references',
            references: missing.map((r: any) => ({ type: r.type, id: r.id })),
          },
        });
        continue;
      }
      if (!overwrite && objects.has(`${o.type}:${o.id}`)) {
        errors.push({
          id: o.id,
          type: o.type,
          title,
          meta: { title },
          error: { type: 'conflict' },
        });
        continue;
      }
      accepted.push(o);
    }
    if (errors.length) return reply(200, { successCount: 0, success: false, errors });
    for (const o of accepted) objects.set(`${o.type}:${o.id}`, o);
    reply(200, {
      successCount: accepted.length,
      success: true,
      successResults: accepted.map((o) => ({
        type: o.type,
        id: o.id,
        meta: {
          title: o.attributes.title,
          icon: o.type === 'dashboard' ? 'dashboardApp' : 'visualizeApp',
        },
        ...(overwrite ? { overwrite: true } : {}),
      })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    objects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function multipartFile(contentType: string, body: Buffer): string | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return undefined;
  const marker = `--${boundary[1] ?? boundary[2]}`;
  for (const part of body.toString('utf8').split(marker)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (/name="file"/.test(head) && /filename="[^"]+\.ndjson"/.test(head)) {
      return part.slice(split + 4).replace(/\r\n$/, '');
    }
  }
  return undefined;
}

async function signatureValid(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  keys: NonNullable<DashboardsStubOptions['sigv4']>,
): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
      auth,
    );
  if (!m || m[1] !== keys.accessKeyId || m[3] !== keys.region || m[4] !== keys.service)
    return false;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!date) return false;
  const signingDate = new Date(
    Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]),
  );
  const headers: Record<string, string> = {};
  for (const name of m[5].split(';')) headers[name] = String(req.headers[name] ?? '');
  const signer = new SignatureV4({
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    region: keys.region,
    service: keys.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method!,
      protocol: 'http:',
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    { signingDate },
  );
  return signed.headers.authorization === auth;
}
