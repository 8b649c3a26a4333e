#!/usr/bin/env node
// The design promise is that other projects import the packages one by one. This packs every
// publishable package, installs the tarballs into a scratch project outside the workspace,
// type-checks an import of each package's public API with tsc, runs the imports in Node, and
// runs each bin's --help. Needs the packages built (`nx run-many -t build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const scratch = mkdtempSync(join(tmpdir(), 'tripstream-pack-check-'));
const run = (cmd, args, cwd = scratch) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const pkgs = readdirSync(packagesDir)
    .map((dir) => ({
      dir: join(packagesDir, dir),
      json: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')),
    }))
    .filter((p) => !p.json.private);
  const tarballs = [];
  for (const p of pkgs) {
    const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], p.dir));
    const files = info.files.map((f) => f.path);
    const leaked = files.filter(
      (f) => f.startsWith('src/') || f.startsWith('tests/') || f.endsWith('.test.js'),
    );
    if (leaked.length)
      throw new Error(
        `${p.json.name}: tarball contains sources or tests: ${leaked.slice(0, 5).join(', ')}`,
      );
    for (const required of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/index.js',
      'dist/index.d.ts',
    ]) {
      if (!files.includes(required)) throw new Error(`${p.json.name}: tarball lacks ${required}`);
    }
    console.log(
      `packed ${info.filename} (${info.files.length} files, ${(info.size / 1024).toFixed(1)} KiB)`,
    );
    tarballs.push(join(scratch, info.filename));
  }
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2),
  );
  console.log(`installing ${tarballs.length} tarballs into ${scratch}`);
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    '@types/node@20',
    ...tarballs,
  ]);

  const names = pkgs.map((p) => p.json.name);
  const ident = (n) => n.replace('@tripstream/', '').replace(/-(.)/g, (_, c) => c.toUpperCase());
  // Types: every package's public API through its published .d.ts, strict, NodeNext.
  writeFileSync(
    join(scratch, 'check.ts'),
    names.map((n) => `import * as ${ident(n)} from '${n}';`).join('\n') +
      `\nexport const apis = { ${names.map(ident).join(', ')} };\n` +
      names.map((n) => `export type ${ident(n)}Keys = keyof typeof ${ident(n)};`).join('\n') +
      '\n',
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['check.ts'],
    }),
  );
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.json',
  ]);
  console.log('tsc: every package type-checks from its tarball (skipLibCheck off)');
  // Runtime: every package imports in plain Node and exports something.
  writeFileSync(
    join(scratch, 'check.mjs'),
    names.map((n) => `import * as ${ident(n)} from '${n}';`).join('\n') +
      `\nconst apis = { ${names.map((n) => `'${n}': ${ident(n)}`).join(', ')} };\n` +
      `for (const [n, m] of Object.entries(apis)) { const k = Object.keys(m); if (!k.length) throw new Error(n + ' exports nothing'); console.log(n + ': ' + k.length + ' exports'); }\n`,
  );
  process.stdout.write(run(process.execPath, ['check.mjs']));
  for (const p of pkgs) {
    for (const bin of Object.keys(p.json.bin ?? {})) {
      const help = run(join(scratch, 'node_modules', '.bin', bin), ['--help']);
      if (!/usage/i.test(help)) throw new Error(`${bin} --help printed no usage`);
      console.log(`${bin} --help: ok`);
    }
  }
  console.log('pack-check: ok');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
