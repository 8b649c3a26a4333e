import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { expectedDocs, loadTrips } from './helpers.js';

// The apps' README commands, verbatim, from the repository root and from a subfolder: relative
// paths must mean the folder the user typed the command in, although Nx runs tasks elsewhere.
const root = new URL('../../../', import.meta.url).pathname;
const readme = (app: string) => readFile(`${root}apps/${app}/README.md`, 'utf8');

function sh(command: string, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('bash', ['-c', command], {
      cwd,
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const documents = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{"index"'))
    .map((l) => JSON.parse(l) as { index: string; id: string });

describe('README commands', () => {
  it('processor, file mode: from the root and from fixtures/', async () => {
    const command =
      'npx nx run processor:serve -- --input fixtures/trips/small.jsonl.gz --output -';
    expect(await readme('processor')).toContain(command);
    const expected = expectedDocs(await loadTrips('small')).size;
    for (const [cwd, cmd] of [
      [root, command],
      [`${root}fixtures`, command.replace('fixtures/trips/', 'trips/')],
    ]) {
      const r = await sh(cmd, cwd);
      expect(r.code, `${cwd}: ${r.stderr}`).toBe(0);
      expect(documents(r.stdout), cwd).toHaveLength(expected);
    }
  });

  it('replay into kinesalite: from the root and from apps/', async () => {
    const kinesis = inject('stack').kinesis!;
    const text = (await readme('replay')).replace(/\\\n\s+/g, '');
    const command =
      /npx nx run replay:serve -- --input fixtures\/trips\/small\.jsonl\.gz[^\n]*/.exec(text)?.[0];
    expect(command, 'the README runs the small fixture').toBeDefined();
    // The README's endpoint is `npm run stack`'s default; the test's stack has its own port.
    const local = command!.replace('http://127.0.0.1:4567', kinesis);
    for (const [cwd, cmd, stream] of [
      [root, local, 'readme-root'],
      [`${root}apps`, local.replace('fixtures/', '../fixtures/'), 'readme-sub'],
    ]) {
      const r = await sh(cmd.replace('taxi-trips', stream), cwd);
      expect(r.code, `${cwd}: ${r.stderr}`).toBe(0);
      const summary = JSON.parse(
        r.stdout.split('\n').find((l) => l.startsWith('{') && l.includes('"trips"')) ?? '{}',
      ) as { trips?: number; badLines?: number };
      expect(summary.trips, r.stdout).toBeGreaterThan(0);
      expect(summary.badLines).toBe(0);
    }
  });
});
