import { mkdtemp, readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encode } from '@tripstream/trip-schema';
import { main } from '../src/cli.js';
import { captureIo } from '@tripstream/test-support';
import { expectedLines, fixture, loadTrips, withoutDelay } from './helpers.js';

const medium = loadTrips('medium');

describe('debs, file mode', () => {
  it.each([1, 2] as const)(
    'query %i on the DEBS 2015 fixture: the library lines, each with a delay in ms',
    async (query) => {
      const dir = await mkdtemp(join(tmpdir(), 'debs-file-'));
      const output = join(dir, `q${query}.csv`);
      const c = captureIo();
      const code = await main(
        ['--query', String(query), '--input', fixture('medium'), '--output', output],
        c.io,
      );
      expect(code, c.err()).toBe(0);
      const { lines, delays } = withoutDelay(await readFile(output, 'utf8'));
      expect(lines).toEqual(expectedLines(query, medium));
      expect(lines.length).toBeGreaterThan(100);
      for (const d of delays) expect(d).toBeGreaterThanOrEqual(0);
      const fields = query === 1 ? 2 + 20 + 1 : 2 + 40 + 1;
      expect(
        new Set(
          (await readFile(output, 'utf8'))
            .trim()
            .split('\n')
            .map((l) => l.split(',').length),
        ),
      ).toEqual(new Set([fields]));
      expect(c.err()).toMatch(
        new RegExp(
          `debs: query ${query}: 10003 trips, ${lines.length} lines; ignored: 177 outside the grid, 0 late, 0 undecodable`,
        ),
      );
    },
  );

  it('reads stdin with --input - and writes stdout with --output -, skipping and reporting bad lines', async () => {
    const trips = medium.slice(0, 3000);
    const text = [
      ...trips.slice(0, 10).map(encode),
      '{"type":"trip"}',
      ...trips.slice(10).map(encode),
    ].join('\n');
    const c = captureIo();
    const code = await main(['--query', '1', '--input', '-'], {
      ...c.io,
      in: Readable.from([text]),
    });
    expect(code, c.err()).toBe(0);
    expect(withoutDelay(c.out()).lines).toEqual(expectedLines(1, trips));
    expect(c.err()).toMatch(/debs: skipped line 11: /);
    expect(c.err()).toMatch(/1 undecodable/);
  });

  it('usage errors exit 2 and name the problem; --help and --version exit 0', async () => {
    const run = async (...argv: string[]) => {
      const c = captureIo();
      return { code: await main(argv, c.io), out: c.out(), err: c.err() };
    };
    expect(await run('--input', 'x')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--query/),
    });
    expect(await run('--query', '3', '--input', 'x')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Allowed choices are 1, 2/),
    });
    expect(await run('--query', '1')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/give --input/),
    });
    expect(await run('--query', '1', '--input', 'x', '--stream', 's')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/exclude each other/),
    });
    expect(await run('--query', '1', '--input', 'x', '--bogus')).toMatchObject({ code: 2 });
    expect(await run('--query', '1', '--stream', 's', '--region', 'nowhere')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--region/),
    });
    expect(await run('--query', '1', '--stream', 's', '--kinesis-endpoint', 'nope')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--kinesis-endpoint/),
    });
    expect(await run('--query', '1', '--input', '-')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no stdin to read \(see debs --help\)/),
    });
    expect(await run('--help')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/--query <n>/),
    });
    expect(await run('--version')).toMatchObject({ code: 0, out: '0.1.0\n' });
    expect(await run('--query', '1', '--input', '/nonexistent/trips.jsonl')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/debs: failed: .*ENOENT/),
    });
  });

  it('the built command exits 2 on a usage error and 0 with --help', () => {
    const bin = new URL('../bin/debs.mjs', import.meta.url).pathname;
    if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
      throw new Error('apps/debs is not built: run `npx nx run debs:build`');
    }
    expect(spawnSync(process.execPath, [bin, '--query', '9'], { encoding: 'utf8' }).status).toBe(2);
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: debs/);
  });
});
