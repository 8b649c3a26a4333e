#!/usr/bin/env node
// The workspace resolves `@tripstream/*` to TypeScript sources through the `@tripstream/source`
// export condition (tsconfig customConditions, vitest resolve.conditions). The tarball ships no
// src/, so that condition must not be published: `prepack` writes the manifest without it (and
// without the `nx` block), `postpack`/`postpublish` put the workspace manifest back.
//
//   node ../../tools/scripts/publish-manifest.mjs strip|restore   (run in a package directory)
//
// During `npm publish` npm re-reads package.json after packing and sends that to the registry, so
// `postpack` leaves the stripped manifest in place while publishing and `postpublish` restores it.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SOURCE_CONDITION = '@tripstream/source';
/** Beside package.json; ignored by git and never in `files`. */
export const BACKUP = '.package.json.workspace';

/**
 * The manifest as published: no source condition anywhere in `exports`, no `nx` block, and no
 * devDependencies on the workspace's private tools (test-support, bench...), which are not on any
 * registry: they mean nothing to a user and would confuse tools that read devDependencies.
 */
export function publishedManifest(manifest, privateNames = privateWorkspacePackages()) {
  const { nx: _nx, devDependencies, ...rest } = manifest;
  const dev =
    devDependencies &&
    Object.fromEntries(Object.entries(devDependencies).filter(([name]) => !privateNames.has(name)));
  return {
    ...rest,
    ...(dev && Object.keys(dev).length > 0 && { devDependencies: dev }),
    ...(manifest.exports && { exports: withoutSource(manifest.exports) }),
  };
}

/** Names of the workspace's `"private": true` packages (packages/, apps/, tools/). */
function privateWorkspacePackages() {
  const root = new URL('../..', import.meta.url).pathname;
  const names = new Set();
  for (const top of ['packages', 'apps', 'tools']) {
    if (!existsSync(join(root, top))) continue;
    for (const dir of readdirSync(join(root, top))) {
      const file = join(root, top, dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      if (manifest.private === true) names.add(manifest.name);
    }
  }
  return names;
}

function withoutSource(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, v]) => [key, withoutSource(v)]),
  );
}

export function strip(dir) {
  const file = join(dir, 'package.json');
  // Idempotent: a second strip (prepack after a failed run) keeps the first backup.
  if (!existsSync(join(dir, BACKUP))) writeFileSync(join(dir, BACKUP), readFileSync(file));
  const original = JSON.parse(readFileSync(join(dir, BACKUP), 'utf8'));
  writeFileSync(file, `${JSON.stringify(publishedManifest(original), null, 2)}\n`);
}

export function restore(dir) {
  if (existsSync(join(dir, BACKUP))) renameSync(join(dir, BACKUP), join(dir, 'package.json'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command] = process.argv.slice(2);
  const dir = process.cwd();
  if (command === 'strip') strip(dir);
  else if (command === 'restore') {
    // npm publish packs first (postpack), then re-reads package.json for the registry.
    if (!(process.env.npm_lifecycle_event === 'postpack' && process.env.npm_command === 'publish'))
      restore(dir);
  } else {
    console.error('usage: publish-manifest.mjs strip|restore');
    process.exit(2);
  }
}
