import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../src/errors/invalid-option-error.js';
import { send } from '../src/http/send.js';
import { resolveSigV4 } from '../src/http/sigv4-options.js';

const sigv4 = resolveSigV4({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' },
});

describe('send over SigV4', () => {
  it('refuses plain http:// to a non-loopback host before sending anything', async () => {
    const err = await send({ method: 'GET', url: 'http://search.example.com/api', sigv4 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect((err as Error).message).toMatch(/SigV4 signing needs an https:\/\/ URL/);
    expect((err as Error).message).not.toMatch(/AKIDEXAMPLE|SECRET|TOKEN/);
  });

  it('signs plain http:// to a loopback host', async () => {
    let seen: IncomingHttpHeaders = {};
    const server = createServer((req, res) => {
      seen = req.headers;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await send({ method: 'GET', url: `http://127.0.0.1:${port}/api`, sigv4 });
      expect(res.status).toBe(200);
      expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      expect(seen['x-amz-security-token']).toBe('TOKEN');
    } finally {
      server.close();
    }
  });
});
