import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSigV4Signer,
  CredentialsError,
  InvalidOptionError,
  signRequest,
} from '../../src/index.js';
import { verifySigV4 } from '../helpers/verify-sigv4.js';

const KEY = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const keys = { [KEY.accessKeyId]: { secretAccessKey: KEY.secretAccessKey } };
const NOW = Date.UTC(2025, 4, 6, 7, 8, 9);

function asReceived(method: string, url: string, headers: Record<string, string>, body: string) {
  const u = new URL(url);
  return { method, url: `${u.pathname}${u.search}`, headers, body: Buffer.from(body) };
}

describe('signRequest (aws4) checked by an independent verifier (@smithy/signature-v4)', () => {
  it('verifies for any method, path, query, header and body', async () => {
    const segment = fc.stringMatching(/^[a-z0-9_.*,-]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), segment, { maxKeys: 3 }),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 200 }), { nil: undefined }),
        fc.constantFrom('es', 'aoss') as fc.Arbitrary<'es' | 'aoss'>,
        async (method, segments, query, body, service) => {
          const qs = new URLSearchParams(query).toString();
          const url = `https://search-x.eu-west-1.es.amazonaws.com/${segments.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
          const headers = signRequest(
            { method, url, body, headers: { 'x-opaque-id': 'abc' } },
            { region: 'eu-west-1', service, credentials: KEY, now: NOW },
          );
          const verdict = await verifySigV4(asReceived(method, url, headers, body ?? ''), {
            keys,
            region: 'eu-west-1',
            service,
            now: NOW,
          });
          expect(verdict).toEqual({ ok: true, accessKeyId: KEY.accessKeyId });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('fails on a wrong secret, a tampered body, a skewed clock and a foreign region', async () => {
    const url = 'https://h.example/_bulk?filter_path=errors';
    const body = '{"index":{"_id":"1"}}\n{"a":1}\n';
    const sign = (over: Partial<Parameters<typeof signRequest>[1]> = {}) =>
      signRequest(
        { method: 'POST', url, body },
        { region: 'eu-west-1', credentials: KEY, now: NOW, ...over },
      );
    const check = (headers: Record<string, string>, b = body) =>
      verifySigV4(asReceived('POST', url, headers, b), {
        keys,
        region: 'eu-west-1',
        service: 'es',
        now: NOW,
      });

    expect((await check(sign())).ok).toBe(true);
    const wrong = await check(sign({ credentials: { ...KEY, secretAccessKey: 'nope' } }));
    expect(wrong).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    expect((await check(sign(), body.replace('"a":1', '"a":2'))).ok).toBe(false);
    const skewed = await check(sign({ now: NOW - 16 * 60_000 }));
    expect(skewed).toMatchObject({
      ok: false,
      message: expect.stringContaining('Signature expired'),
    });
    expect((await check(sign({ region: 'us-east-1' }))).ok).toBe(false);
  });

  it('signs the session token of temporary credentials', async () => {
    const temp = { ...KEY, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };
    const url = 'https://h.example/_cluster/health';
    const headers = signRequest(
      { method: 'GET', url },
      { region: 'eu-west-1', credentials: temp, now: NOW },
    );
    expect(headers['x-amz-security-token']).toBe(temp.sessionToken);
    const ok = await verifySigV4(asReceived('GET', url, headers, ''), {
      keys: {
        [KEY.accessKeyId]: {
          secretAccessKey: KEY.secretAccessKey,
          sessionToken: temp.sessionToken,
        },
      },
      region: 'eu-west-1',
      service: 'es',
      now: NOW,
    });
    expect(ok.ok).toBe(true);
  });
});

describe('createSigV4Signer', () => {
  it('takes the region from the environment when not given, and refuses none', () => {
    const saved = { r: process.env.AWS_REGION, d: process.env.AWS_DEFAULT_REGION };
    try {
      delete process.env.AWS_REGION;
      process.env.AWS_DEFAULT_REGION = 'ap-south-1';
      expect(createSigV4Signer({ credentials: KEY }).region).toBe('ap-south-1');
      process.env.AWS_REGION = 'eu-north-1';
      expect(createSigV4Signer({ credentials: KEY }).region).toBe('eu-north-1');
      expect(createSigV4Signer({ credentials: KEY, region: 'us-west-2' }).region).toBe('us-west-2');
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      expect(() => createSigV4Signer({ credentials: KEY })).toThrow(InvalidOptionError);
    } finally {
      if (saved.r === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved.r;
      if (saved.d === undefined) delete process.env.AWS_DEFAULT_REGION;
      else process.env.AWS_DEFAULT_REGION = saved.d;
    }
  });

  it('loads the AWS SDK default credential chain when no credentials are given', async () => {
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
    const saved = names.map((n) => process.env[n]);
    try {
      process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT1';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-environment';
      delete process.env.AWS_SESSION_TOKEN;
      const signer = createSigV4Signer({ region: 'eu-west-1' });
      expect(signer.cachedCredentials()).toBeUndefined();
      const c = await signer.credentials();
      expect(c).toMatchObject({
        accessKeyId: 'AKIAFROMENVIRONMENT1',
        secretAccessKey: 'secret-from-environment',
      });
      const headers = await signer.sign({ method: 'GET', url: 'https://h.example/' });
      expect(headers.authorization).toContain('Credential=AKIAFROMENVIRONMENT1/');
    } finally {
      names.forEach((n, i) => {
        if (saved[i] === undefined) delete process.env[n];
        else process.env[n] = saved[i];
      });
    }
  });

  it('never puts a secret in a validation error', () => {
    const bad = { accessKeyId: 'AKID', secretAccessKey: 42 } as unknown as typeof KEY;
    const err = (() => {
      try {
        createSigV4Signer({ region: 'eu-west-1', credentials: bad });
      } catch (e) {
        return e as InvalidOptionError;
      }
    })();
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect(err?.option).toBe('sigv4.credentials');
    expect(JSON.stringify(err) + String(err?.message)).not.toContain('42');
  });

  it('refreshes credentials before they expire, once, and keeps old ones if the refresh fails', async () => {
    let t = 0;
    let calls = 0;
    let failNext = false;
    const provider = async () => {
      calls++;
      if (failNext) throw new Error('metadata service down');
      return { ...KEY, sessionToken: `token-${calls}`, expiration: new Date(t + 60 * 60_000) };
    };
    const signer = createSigV4Signer({ region: 'eu-west-1', credentials: provider, now: () => t });
    const [a, b] = await Promise.all([signer.credentials(), signer.credentials()]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    t = 50 * 60_000; // 10 min before expiry: still fresh
    expect((await signer.credentials()).sessionToken).toBe('token-1');
    t = 56 * 60_000; // inside the 5-min window: refreshed
    expect((await signer.credentials()).sessionToken).toBe('token-2');
    expect(calls).toBe(2);
    failNext = true;
    t = 56 * 60_000 + 60 * 60_000 - 4 * 60_000; // token-2 about to expire, provider failing
    expect((await signer.credentials()).sessionToken).toBe('token-2');
    t += 10 * 60_000; // token-2 expired and provider still failing
    await expect(signer.credentials()).rejects.toBeInstanceOf(CredentialsError);
  });
});
