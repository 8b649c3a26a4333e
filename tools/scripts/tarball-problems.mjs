// What a published package must look like, checked on the unpacked tarball (`package/`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Every export target (strings anywhere under `exports`), with the condition path. */
function exportTargets(value, path = []) {
  if (typeof value === 'string') return [{ path: path.join(' > '), target: value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => exportTargets(v, [...path, k]));
}

/** Problems found in the unpacked package at `dir`; empty when it is fit to publish. */
export function tarballProblems(dir) {
  const problems = [];
  const all = files(dir).map((f) => relative(dir, f));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const f of [
    'README.md',
    'LICENSE',
    'NOTICE',
    'CHANGELOG.md',
    'dist/index.js',
    'dist/index.d.ts',
  ])
    if (!all.includes(f)) problems.push(`tarball lacks ${f}`);
  const leaked = all.filter((f) => /^(src|tests?)\//.test(f) || /\.test\.[jt]s$/.test(f));
  if (leaked.length)
    problems.push(`tarball ships sources or tests: ${leaked.slice(0, 5).join(', ')}`);
  if (existsSync(join(dir, 'LICENSE'))) {
    const license = readFileSync(join(dir, 'LICENSE'), 'utf8');
    if (
      !license.includes('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION') ||
      !license.includes('END OF TERMS AND CONDITIONS')
    )
      problems.push('LICENSE is not the full Apache-2.0 text');
  }
  for (const t of exportTargets(manifest.exports)) {
    if (t.path.split(' > ').some((c) => c.startsWith('@tripstream/')))
      problems.push(`exports has a workspace-only condition: ${t.path}`);
    if (!t.target.includes('*') && !existsSync(join(dir, t.target)))
      problems.push(`exports ${t.path} points at ${t.target}, not in the tarball`);
  }
  for (const field of ['homepage', 'bugs', 'keywords', 'repository', 'engines'])
    if (!manifest[field]) problems.push(`package.json lacks ${field}`);
  if (!String(manifest.repository?.url ?? '').startsWith('git+'))
    problems.push('repository.url does not start with git+');
  if (!/^>=\s*22/.test(manifest.engines?.node ?? '')) problems.push('engines.node is not >=22');
  if (manifest.nx) problems.push('package.json ships the nx block');
  const dtsMaps = all.filter((f) => f.endsWith('.d.ts.map'));
  if (dtsMaps.length) problems.push(`ships declaration maps into missing sources: ${dtsMaps[0]}`);
  for (const f of all.filter((x) => x.endsWith('.js.map'))) {
    const map = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    if (!map.sourcesContent || map.sourcesContent.some((c) => typeof c !== 'string')) {
      problems.push(`${f}: source map without inlined sources`);
      break;
    }
  }
  const readme = existsSync(join(dir, 'README.md'))
    ? readFileSync(join(dir, 'README.md'), 'utf8')
    : '';
  if (!/ESM-only/.test(readme) || !/require\(esm\)/.test(readme))
    problems.push('README does not say it is ESM-only with the require(esm) note');
  if (manifest.sideEffects === false) {
    // A module that runs something on import must be listed: bins' targets are such modules.
    for (const bin of Object.values(manifest.bin ?? {})) {
      const text = readFileSync(join(dir, bin), 'utf8');
      for (const m of text.matchAll(/import\s+'\.\.\/(dist\/[^']+)'/g))
        problems.push(`sideEffects: false, but ${m[1]} runs on import (from ${bin})`);
    }
  }
  return problems;
}
