#!/usr/bin/env node
// The README's test command (`npm test`): formatting, lint (with the layering rules), typecheck and
// build through Nx, the whole vitest suite on the real local stack, the release check (publish to
// a local registry, install into a scratch consumer, type-check and run the READMEs), and the
// server-free suites once more on Node 22. `npm test` runs this on the Node 24 of the root
// devDependency `node` (npm puts node_modules/.bin first on the PATH), even where the system
// node is older. Ends with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const out = join(root, '.tmp', 'test');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(
    `node ${process.version} is below engines (>=22): run \`npm test\` (npm puts the Node 24 of ` +
      'the root devDependency `node` first on the PATH), not `node tools/scripts/test.mjs`',
  );
  process.exit(1);
}
console.log(`test: node ${process.version}`);

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const res = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const ok = res.status === 0;
  console.log(
    `=== ${name}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (!ok) failures.push(name);
  return ok;
}

function countVitest(file, label) {
  if (!existsSync(file)) {
    totals.failed++;
    failures.push(`${label}: no report`);
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A suite that failed to load has no failed tests but is a failure all the same.
  const broken = report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.every((a) => a.status !== 'failed'),
  );
  totals.failed += broken.length;
  for (const b of broken) console.log(`suite failed to run: ${b.name}: ${b.message}`);
}

const checks = [
  ['format', 'npx', ['prettier', '--check', '.']],
  [
    'lint, typecheck, build',
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'lint',
      'typecheck',
      'build',
      '--output-style=stream-without-prefixes',
    ],
  ],
];
for (const [name, cmd, args] of checks) {
  if (step(name, cmd, args)) totals.passed++;
  else totals.failed++;
}

const vitestJson = join(out, 'vitest.json');
step('tests (vitest, real local stack)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
countVitest(vitestJson, 'vitest');

if (
  step(
    'release: publish to a local registry, install into a scratch consumer, run the READMEs',
    'node',
    ['tools/scripts/release-check.mjs'],
  )
)
  totals.passed++;
else totals.failed++;

const node22Json = join(out, 'vitest-node22.json');
step('server-free suites on Node 22', 'node', [
  'tools/scripts/node22.mjs',
  `--outputFile.json=${node22Json}`,
]);
countVitest(node22Json, 'node22');

console.log('');
if (failures.length) console.log(`failed steps: ${failures.join('; ')}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed === 0 && failures.length === 0 ? 0 : 1);
