import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  InvalidOptionError,
  importSavedObjects,
  SavedObjectsImportError,
  savedObjects,
  ServerUnreachableError,
} from '../src/index.js';
import { runCli } from '../src/cli/run-cli.js';
import { closedPort } from './helpers/closed-port.js';
import { startDashboardsStub, type DashboardsStub } from './helpers/dashboards-stub.js';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    },
  };
}

const parse = (ndjson: string) =>
  ndjson
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
let stub: DashboardsStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
  vi.unstubAllEnvs();
});

describe('import (against a stand-in for the Dashboards _import API)', () => {
  test('uploads every object with overwrite and the xsrf header; the server stores them unchanged', async () => {
    stub = await startDashboardsStub();
    const { out, io: cliIo } = io();
    expect(await runCli(['import', '--url', stub.url, '--index-prefix', 'demo-'], cliIo)).toBe(0);
    expect(out.stdout).toContain('imported 8 objects');
    expect(out.stdout).toContain(`${stub.url}/app/dashboards#/view/tripstream-demo-dashboard`);
    const [request] = stub.requests;
    expect(request.url).toBe('/api/saved_objects/_import?overwrite=true');
    expect(request.headers['osd-xsrf']).toBe('true');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const expected = parse(savedObjects({ indexPrefix: 'demo-' }));
    expect([...stub.objects.values()]).toEqual(expected);
  });

  test('a second import overwrites instead of conflicting or duplicating', async () => {
    stub = await startDashboardsStub();
    const first = await importSavedObjects({ url: stub.url, ndjson: savedObjects() });
    const second = await importSavedObjects({ url: stub.url, ndjson: savedObjects() });
    expect(second).toEqual(first);
    expect(second.successCount).toBe(8);
    expect(stub.objects.size).toBe(8);
  });

  test('honours a base path, and basic authentication in the URL without printing it', async () => {
    stub = await startDashboardsStub({ basePath: '/_dashboards' });
    const withAuth = stub.url.replace('http://', 'http://admin:s3cret@');
    const { out, io: cliIo } = io();
    expect(await runCli(['import', '--url', withAuth], cliIo)).toBe(0);
    expect(stub.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    );
    expect(out.stdout).not.toContain('s3cret');
  });

  test('an unreachable server is a clear error and exit code 1', async () => {
    stub = await startDashboardsStub();
    const url = stub.url;
    await stub.close();
    stub = undefined;
    await expect(importSavedObjects({ url, ndjson: savedObjects() })).rejects.toThrow(
      ServerUnreachableError,
    );
    const { out, io: cliIo } = io();
    expect(await runCli(['import', '--url', url], cliIo)).toBe(1);
    expect(out.stderr).toMatch(
      /^tripstream-dashboards: failed: cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/saved_objects\/_import\?overwrite=true: ECONNREFUSED/,
    );
  });

  test('refused objects are listed with their type, id, title and reason', async () => {
    stub = await startDashboardsStub({ types: ['index-pattern', 'visualization'] });
    const { out, io: cliIo } = io();
    expect(await runCli(['import', '--url', stub.url], cliIo)).toBe(1);
    expect(out.stderr).toContain('refused 1 object(s)');
    expect(out.stderr).toContain(
      'dashboard tripstream-dashboard "NYC taxi: pickups and airport trips": unsupported_type',
    );
    const withoutPatterns = savedObjects().split('\n').slice(2).join('\n');
    stub.objects.clear();
    const error = await importSavedObjects({ url: stub.url, ndjson: withoutPatterns }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SavedObjectsImportError);
    expect(error.errors.map((e: any) => e.error.type)).toContain('missing_references');
    expect(error.message).toContain('missing references index-pattern tripstream-pickup_count');
  });

  test('a wrong URL (no saved-objects API) says so', async () => {
    stub = await startDashboardsStub({ basePath: '/_dashboards' });
    const { out, io: cliIo } = io();
    const root = stub.url.replace('/_dashboards', '');
    expect(await runCli(['import', '--url', root], cliIo)).toBe(1);
    expect(out.stderr).toContain('HTTP 404');
    expect(out.stderr).toContain('is this the Dashboards URL, with its base path?');
  });

  test('--url is required', async () => {
    const { out, io: cliIo } = io();
    expect(await runCli(['import'], cliIo)).toBe(2);
    expect(out.stderr).toContain("required option '--url <dashboards-url>' not specified");
  });
});

describe('import --sigv4 (signature checked by an independent SigV4 implementation)', () => {
  const keys = {
    region: 'eu-west-1',
    service: 'es',
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  };

  test('signs with the environment credentials and the given region', async () => {
    stub = await startDashboardsStub({ sigv4: keys });
    vi.stubEnv('AWS_ACCESS_KEY_ID', keys.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', keys.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    const { out, io: cliIo } = io();
    const code = await runCli(
      ['import', '--url', stub.url, '--sigv4', '--region', 'eu-west-1'],
      cliIo,
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    expect(stub.objects.size).toBe(8);
    expect(String(stub.requests[0].headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  test('a wrong secret is refused by the server and reported', async () => {
    stub = await startDashboardsStub({ sigv4: keys });
    const error = await importSavedObjects({
      url: stub.url,
      ndjson: savedObjects(),
      sigv4: {
        region: keys.region,
        credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: 'wrong' },
      },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(SavedObjectsImportError);
    expect(error.status).toBe(403);
    expect(error.message).toContain('signature we calculated does not match');
    expect(stub.objects.size).toBe(0);
  });

  test('credentials in the URL and SigV4 together are refused before anything is sent', async () => {
    stub = await startDashboardsStub({ sigv4: keys });
    const url = stub.url.replace('http://', 'http://admin:s3cret@');
    const sigv4 = { region: keys.region, credentials: keys };
    const error = await importSavedObjects({ url, ndjson: savedObjects(), sigv4 }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).not.toContain('s3cret');
    expect(stub.requests).toHaveLength(0);
  });

  test('no region or no credentials are usage errors (exit 2) naming the field', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    const { out, io: cliIo } = io();
    expect(
      await runCli(['import', '--url', `http://127.0.0.1:${await closedPort()}`, '--sigv4'], cliIo),
    ).toBe(2);
    expect(out.stderr).toContain('sigv4.region');
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    const second = io();
    expect(
      await runCli(
        [
          'import',
          '--url',
          `http://127.0.0.1:${await closedPort()}`,
          '--sigv4',
          '--region',
          'us-east-1',
        ],
        second.io,
      ),
    ).toBe(2);
    expect(second.out.stderr).toContain('sigv4.credentials');
  });
});

describe('export', () => {
  test('prints the same NDJSON as savedObjects()', async () => {
    const { out, io: cliIo } = io();
    expect(await runCli(['export', '--index-prefix', 'x-', '--interval', '30m'], cliIo)).toBe(0);
    expect(out.stdout).toBe(savedObjects({ indexPrefix: 'x-', interval: '30m' }));
  });

  test('takes an explicit time range, only as a pair', async () => {
    const { out, io: cliIo } = io();
    const args = ['export', '--time-from', 'now-7d', '--time-to', 'now'];
    expect(await runCli(args, cliIo)).toBe(0);
    expect(parse(out.stdout).at(-1).attributes).toMatchObject({
      timeFrom: 'now-7d',
      timeTo: 'now',
    });
    const half = io();
    expect(await runCli(['export', '--time-from', 'now-7d'], half.io)).toBe(2);
    expect(half.out.stderr).toContain('give --time-from and --time-to together');
  });

  test('rejects a bad prefix naming the option', async () => {
    const { out, io: cliIo } = io();
    expect(await runCli(['export', '--index-prefix', 'BAD'], cliIo)).toBe(2);
    expect(out.stderr).toContain('indexPrefix');
  });

  test('--version prints the version; a bad URL or unknown flag is a usage error (exit 2)', async () => {
    const v = io();
    expect(await runCli(['--version'], v.io)).toBe(0);
    expect(v.out.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const bad = io();
    expect(await runCli(['import', '--url', 'ftp://admin:s3cret@host'], bad.io)).toBe(2);
    expect(bad.out.stderr).not.toContain('s3cret');
    const unknown = io();
    expect(await runCli(['export', '--bogus'], unknown.io)).toBe(2);
    expect(unknown.out.stderr).toContain("unknown option '--bogus'");
    const plain = io();
    expect(
      await runCli(['import', '--url', 'http://dashboards.example.com', '--sigv4'], plain.io),
    ).toBe(2);
    expect(plain.out.stderr).toContain('clear text');
  });

  test('--help shows usage and every command', async () => {
    const { out, io: cliIo } = io();
    expect(await runCli(['--help'], cliIo)).toBe(0);
    expect(out.stdout).toMatch(/Usage: tripstream-dashboards/);
    for (const cmd of ['export', 'import', 'report']) expect(out.stdout).toContain(cmd);
  });
});
