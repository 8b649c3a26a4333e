import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;

// `npm start` is the README's main command: run the same demo (its own stack, replay, processor,
// report, check against the batch computation) on the small fixture, so it stays true.
it('the npm start demo runs the whole pipeline and matches the batch computation', async () => {
  const bin = join(root, 'tools/demo/bin/demo.mjs');
  if (!existsSync(join(root, 'tools/demo/dist/main.js')))
    throw new Error('tools/demo is not built: run `npx nx run demo:build`');
  const out = await mkdtemp(join(tmpdir(), 'e2e-demo-'));
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [bin, '--input', join(root, 'fixtures/trips/small.jsonl.gz'), '--out', out],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
  expect(code, stdout.slice(-3000)).toBe(0);
  expect(stdout).toMatch(/pickup_count 316, trip_duration 4 — equal to the batch computation/);
  console.log(
    `[e2e] 8 demo: ${stdout
      .split('\n')
      .find((l) => l.includes('elapsed'))
      ?.trim()}`,
  );
  const html = await readFile(join(out, 'report.html'), 'utf8');
  expect(html.length).toBeGreaterThan(1000);
}, 300_000);
