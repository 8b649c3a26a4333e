// What `nx release` publishes (nx.json release.projects), read the way the release check needs it,
// and the install-size section of BENCHMARKS.md that `npm run bench:install` writes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every non-private package of nx.json's `release.projects` (folders, or `dir/*` globs). */
export function publishedPackages(root) {
  const nx = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  return nx.release.projects
    .flatMap((glob) => {
      if (!glob.endsWith('/*')) return [join(root, glob)];
      const top = glob.slice(0, -2);
      return readdirSync(join(root, top)).map((d) => join(root, top, d));
    })
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.json.private)
    .map(({ dir, json }) => ({
      dir,
      json,
      name: json.name,
      version: json.version,
      project: json.nx?.name ?? dir.split('/').pop(),
      // Code entry points (not ./package.json or JSON files) as import specifiers.
      entryPoints: Object.keys(json.exports ?? { '.': json.main })
        .filter((k) => k !== './package.json' && !k.endsWith('.json'))
        .map((k) => (k === '.' ? json.name : `${json.name}/${k.slice(2)}`)),
    }));
}

const START = '<!-- install-sizes:start -->';
const END = '<!-- install-sizes:end -->';

/** Renders the install-size table; `sizes` rows: { name, bytes }. */
export function installSizeSection(sizes, date = new Date().toISOString().slice(0, 10)) {
  return [
    START,
    '## Install size',
    '',
    `Written by \`npm run bench:install\` on ${date}: each package published by \`nx release publish\``,
    'into a local Verdaccio and installed alone into an empty project (`npm install <name>`, so',
    'npm adds the non-optional peers as a user would have them); `du -sb node_modules`.',
    '',
    '| package | installed alone |',
    '|---|---|',
    ...sizes.map((s) => `| ${s.name} | ${(s.bytes / 1e6).toFixed(1)} MB |`),
    END,
  ].join('\n');
}

/** Replaces (or appends) the install-size section of BENCHMARKS.md. */
export function writeInstallSizes(root, sizes) {
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const section = installSizeSection(sizes);
  const s = text.indexOf(START);
  const e = text.indexOf(END);
  const next =
    s >= 0 && e > s
      ? text.slice(0, s) + section + text.slice(e + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
