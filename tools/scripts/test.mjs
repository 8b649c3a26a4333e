#!/usr/bin/env node
// The README's test command (`npm test`): formatting, lint (with the layering rules), typecheck and
// build through Nx, the whole vitest suite on the real local stack, the pack-and-import check, and
// the server-free suites once more on Node 24. Ends with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const out = join(root, '.tmp', 'test');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const res = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', ...env },
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
  step('pack every package and import it from a scratch project', 'node', [
    'tools/scripts/pack-check.mjs',
  ])
)
  totals.passed++;
else totals.failed++;

const node24Json = join(out, 'vitest-node24.json');
step('server-free suites on Node 24', 'node', [
  'tools/scripts/node24.mjs',
  `--outputFile.json=${node24Json}`,
]);
countVitest(node24Json, 'node24');

console.log('');
if (failures.length) console.log(`failed steps: ${failures.join('; ')}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed === 0 && failures.length === 0 ? 0 : 1);
