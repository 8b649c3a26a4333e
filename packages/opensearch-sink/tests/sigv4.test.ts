import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  BulkWriter,
  createOpenSearchClient,
  createSigV4Signer,
  signRequest,
  type AwsCredentials,
  type DeadLetter,
} from '../src/index.js';
import { pickupDoc, pickupRequest, pickupTemplate } from './helpers/docs.js';
import {
  allDocuments,
  deleteTemplate,
  opensearchUrl,
  uniqueIndex,
  deleteOwnIndices,
} from './helpers/opensearch.js';
import { SigV4Proxy } from './helpers/sigv4-proxy.js';

const REGION = 'eu-west-1';
const KEY = {
  accessKeyId: 'AKIASINKTEST0000001',
  secretAccessKey: 'sink/test/SECRET+key/0123456789abcdefghij',
};
const ROTATED = {
  accessKeyId: 'ASIASINKTEST0000002',
  secretAccessKey: 'rotated/SECRET+key/abcdefghij0123456789',
};
const TOKENS = { first: 'session-token-first', second: 'session-token-second' };

let os: string;
let es: SigV4Proxy;
let aoss: SigV4Proxy;
const templates: string[] = [];

beforeAll(async () => {
  os = opensearchUrl();
  const keys = {
    [KEY.accessKeyId]: { secretAccessKey: KEY.secretAccessKey },
    [ROTATED.accessKeyId]: {
      secretAccessKey: ROTATED.secretAccessKey,
      sessionToken: TOKENS.second,
    },
    AKIATEMPORARY0000003: { secretAccessKey: KEY.secretAccessKey, sessionToken: TOKENS.first },
  };
  es = await SigV4Proxy.start(os, { keys, region: REGION, service: 'es' });
  aoss = await SigV4Proxy.start(os, { keys, region: REGION, service: 'aoss' });
});
afterAll(async () => {
  await deleteOwnIndices(os);
  await es.close();
  await aoss.close();
  for (const t of templates) await deleteTemplate(os, t);
});
beforeEach(() => {
  es.tamper = undefined;
  es.verdicts.length = 0;
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function writeAll(writer: BulkWriter, index: string, n: number): Promise<unknown> {
  for (const i of range(n)) await writer.write(pickupRequest(index, i));
  return writer.close().then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** What a log line or an error report could show of an error. */
function everythingShown(err: unknown): string {
  const e = err as Error;
  return [String(e), e.message, e.stack, inspect(e, { depth: 10 }), JSON.stringify(e)].join('\n');
}

describe('SigV4 against a verifying proxy (signatures recomputed with @smithy/signature-v4)', () => {
  it('writes everything with the right key, templates and mapping checks included', async () => {
    const index = uniqueIndex('signed');
    const template = `t-${index}`;
    templates.push(template);
    const writer = new BulkWriter({
      node: es.url,
      sigv4: { region: REGION, service: 'es', credentials: KEY },
      maxActions: 300,
      indexTemplates: [pickupTemplate(template, `${index}*`)],
    });
    expect(await writeAll(writer, index, 1000)).toBeUndefined();
    const docs = await allDocuments(os, index);
    expect(docs.size).toBe(1000);
    expect(docs.get('pickup:999')).toEqual(pickupDoc(999));
    expect(es.denied).toEqual([]);
    expect(es.accepted).toBeGreaterThanOrEqual(6); // template PUT, mapping GET, 4 bulks
  });

  it('signs for OpenSearch Serverless (aoss)', async () => {
    const index = uniqueIndex('aoss');
    const writer = new BulkWriter({
      node: aoss.url,
      sigv4: { region: REGION, service: 'aoss', credentials: KEY },
    });
    expect(await writeAll(writer, index, 50)).toBeUndefined();
    expect((await allDocuments(os, index)).size).toBe(50);
    expect(aoss.denied).toEqual([]);
    // The same key signing for the wrong service is refused.
    const wrong = new BulkWriter({
      node: aoss.url,
      sigv4: { region: REGION, service: 'es', credentials: KEY },
    });
    expect(await writeAll(wrong, uniqueIndex('aoss-wrong'), 1)).toBeInstanceOf(AccessDeniedError);
  });

  it('refreshes temporary credentials before they expire', async () => {
    const index = uniqueIndex('rotate');
    // The signer's clock jumps 2.5 min ahead mid-run (still inside the proxy's 5-min skew window),
    // which brings the first credentials within refreshBeforeExpiryMs of their expiry.
    let offset = 0;
    let calls = 0;
    const provider = async (): Promise<AwsCredentials> => {
      calls++;
      return calls === 1
        ? {
            accessKeyId: 'AKIATEMPORARY0000003',
            secretAccessKey: KEY.secretAccessKey,
            sessionToken: TOKENS.first,
            expiration: new Date(Date.now() + 3 * 60_000),
          }
        : { ...ROTATED, sessionToken: TOKENS.second, expiration: new Date(Date.now() + 3_600_000) };
    };
    const writer = new BulkWriter({
      node: es.url,
      sigv4: {
        region: REGION,
        credentials: provider,
        refreshBeforeExpiryMs: 60_000,
        now: () => Date.now() + offset,
      },
      maxActions: 10,
    });
    for (const i of range(20)) await writer.write(pickupRequest(index, i));
    await writer.flush();
    expect(calls).toBe(1);
    offset = 150_000;
    for (const i of range(20)) await writer.write(pickupRequest(index, 20 + i));
    await writer.close();
    expect(calls).toBe(2);
    const used = es.verdicts.map((v) => (v.ok ? v.accessKeyId : 'denied'));
    expect(new Set(used)).toEqual(new Set(['AKIATEMPORARY0000003', ROTATED.accessKeyId]));
    expect(used[used.length - 1]).toBe(ROTATED.accessKeyId);
    expect((await allDocuments(os, index)).size).toBe(40);
  });

  it('a wrong secret is refused: AccessDeniedError, nothing indexed, the documents dead-lettered', async () => {
    const index = uniqueIndex('wrongkey');
    const letters: DeadLetter[] = [];
    const wrong = { ...KEY, secretAccessKey: 'not-the-secret-0123456789' };
    const writer = new BulkWriter({
      node: es.url,
      sigv4: { region: REGION, credentials: wrong },
      onDeadLetter: (l) => void letters.push(l),
    });
    const err = await writeAll(writer, index, 20);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(err).toMatchObject({ statusCode: 403, type: 'InvalidSignatureException' });
    expect((err as Error).message).toContain('signature we calculated does not match');
    expect(letters.map((l) => l.request.id).sort()).toEqual(
      range(20)
        .map((i) => `pickup:${i}`)
        .sort(),
    );
    expect(letters[0].error).toMatchObject({ status: 403, type: 'request_failed' });
    expect((await allDocuments(os, index)).size).toBe(0);
    // Neither credentials nor signatures leak into what gets logged.
    for (const shown of [everythingShown(err), everythingShown(letters[0].error)]) {
      expect(shown).not.toContain(wrong.secretAccessKey);
      expect(shown).not.toContain('Signature=');
      expect(shown).not.toMatch(/[0-9a-f]{64}/);
    }
  });

  it('a skewed clock is refused with "Signature expired"', async () => {
    const index = uniqueIndex('skew');
    const writer = new BulkWriter({
      node: es.url,
      sigv4: { region: REGION, credentials: KEY, now: () => Date.now() - 20 * 60_000 },
    });
    const err = await writeAll(writer, index, 5);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect((err as Error).message).toContain('Signature expired');
    expect((err as Error).message).toContain('clock');
    expect((await allDocuments(os, index)).size).toBe(0);
  });

  it('a body altered after signing is refused', async () => {
    const index = uniqueIndex('tamper');
    es.tamper = (body) =>
      Buffer.from(body.toString().replace(/"pickup_count":(\d+)/, '"pickup_count":999$1'));
    const writer = new BulkWriter({ node: es.url, sigv4: { region: REGION, credentials: KEY } });
    const err = await writeAll(writer, index, 5);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect(es.denied.length).toBeGreaterThan(0);
    expect((await allDocuments(os, index)).size).toBe(0);
  });

  it('signRequest and createSigV4Signer sign plain fetch requests', async () => {
    const index = uniqueIndex('fetch');
    const body = JSON.stringify({ n: 1 });
    const url = `${es.url}/${index}/_doc/one?refresh=true`;
    const headers = signRequest({ method: 'PUT', url, body }, { region: REGION, credentials: KEY });
    const put = await fetch(url, { method: 'PUT', headers, body });
    expect(put.status).toBe(201);
    const signer = createSigV4Signer({ region: REGION, credentials: KEY });
    const search = `${es.url}/${index}/_search`;
    const query = JSON.stringify({ query: { match_all: {} } });
    const res = await fetch(search, {
      method: 'POST',
      headers: await signer.sign({ method: 'POST', url: search, body: query }),
      body: query,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).hits.total.value).toBe(1);
    expect(es.denied).toEqual([]);
  });

  it('createOpenSearchClient signs every API call of the client', async () => {
    const client = createOpenSearchClient({
      node: es.url,
      sigv4: { region: REGION, credentials: KEY },
    });
    const health = await client.cluster.health({});
    expect(health.statusCode).toBe(200);
    const info = await client.info();
    expect(info.body.version.number).toMatch(/^2\./);
    await client.close();
    expect(es.denied).toEqual([]);
    const unsigned = createOpenSearchClient({ node: es.url, maxRetries: 0 });
    await expect(unsigned.info()).rejects.toMatchObject({ statusCode: 403 });
    await unsigned.close();
  });
});
