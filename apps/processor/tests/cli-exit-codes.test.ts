import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureIo } from '@tripstream/test-support';
import { fixture } from './helpers.js';

const bin = new URL('../bin/processor.mjs', import.meta.url).pathname;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'processor-exit-'));
});

async function run(argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, err: c.err(), out: c.out() };
}

describe('processor exit codes (README table)', () => {
  it('0 for --version and --help; the help shows trim-horizon, not an object', async () => {
    expect((await run(['--version'])).out).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('(default: trim-horizon)');
    expect(help.out).toContain('--metrics-host');
  });

  it('2 for every usage error, in one line without a stack', async () => {
    const base = ['--input', fixture('small'), '--output', join(dir, 'o.ndjson')];
    const cases: [string[], RegExp][] = [
      [[...base, '--bogus'], /unknown option '--bogus'/],
      [[...base, '--window', 'soon'], /--window/],
      [[...base, '--region', ''], /--region wants an AWS region/],
      [
        ['--stream', 's', '--kinesis-endpoint', 'notaurl', '--output', '-'],
        /http:\/\/ or https:\/\//,
      ],
      [['--output', '-'], /give --stream .* or --input/],
      [[...base, '--stream', 's'], /exclude each other/],
      [['--input', fixture('small')], /give --opensearch-endpoint, --output, or both/],
      [[...base, '--opensearch-endpoint', 'ftp://admin:PW@host'], /http:\/\/ or https/],
      [[...base, '--opensearch-endpoint', 'http://search.example.com', '--sigv4'], /clear text/],
      [[...base, '--checkpoint-dir', '/proc/tripstream'], /--checkpoint-dir .*procfs/],
      [['--input', fixture('small'), '--output', '/proc/self/status'], /--output .*procfs/],
      [[...base, '--summary', join(dir, 'missing', 's.json')], /--summary .*does not exist/],
      [[...base, '--dead-letter-file', dir], /--dead-letter-file .*folder/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/^processor: /);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.err).not.toContain('PW');
    }
  });

  it('1 for a runtime failure, naming OpenSearch, with the stack only under --verbose', async () => {
    const argv = [
      '--input',
      fixture('small'),
      '--opensearch-endpoint',
      'http://admin:PW@127.0.0.1:9',
      '--opensearch-max-attempts',
      '1',
      '--dead-letter-file',
      join(dir, 'dl.ndjson'),
    ];
    const r = await run(argv);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/^processor: failed: OpenSearch: /m);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).not.toContain('PW');
    const verbose = await run([...argv, '--verbose']);
    expect(verbose.code).toBe(1);
    expect(verbose.err).toMatch(/\n\s+at /);
    expect(verbose.err).not.toContain('PW');
  });

  it('SIGTERM stops a processor within a few seconds, even one waiting on stdin', async () => {
    const child = spawn(
      process.execPath,
      [bin, '--input', '-', '--output', join(dir, 's.ndjson')],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Once the CLI runs (it has checked its --output), SIGTERM is its own to handle.
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(dir, 's.ndjson')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The grace period (5 s) bounds the stop: a processor that ignored SIGTERM would hang here
    // until the test times out. The elapsed time is reported, not asserted on.
    expect(stderr).toContain('SIGTERM: stopping');
    expect([0, 143]).toContain(code);
    console.log(`processor stopped ${Date.now() - sent} ms after SIGTERM (exit ${code})`);
  });
});
