#!/usr/bin/env node
// The release flow for real, as a new user meets it. Starts Verdaccio on 127.0.0.1 (fresh storage
// in a temp folder), runs `nx release publish` into it, checks every published tarball, installs
// each package alone to measure it (bench rows "install size"), then installs every package into
// a scratch consumer outside the workspace that already holds other versions of the peers. It
// asserts one copy of each peer, type-checks every TypeScript block of every package README with
// `tsc --strict` under `nodenext` and `bundler` resolution, and runs the README blocks marked
// `<!-- readme-check run -->` against the local stack. See tools/scripts/readme-blocks.mjs for the
// README conventions.
//
//   node tools/scripts/release-check.mjs [--keep]   (from `npm test`; alone after a build)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeBlocks, withPrelude } from './readme-blocks.mjs';
import { publishedPackages, writeInstallSizes } from './release-packages.mjs';

const root = new URL('../..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');
const tmp = mkdtempSync(join(tmpdir(), 'tripstream-release-'));
const started = Date.now();
const log = (line) =>
  console.log(`release [${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

/** The peers a user owns, at the lowest versions the packages claim: the consumer holds these. */
export const CONSUMER_PEERS = {
  '@aws-sdk/client-kinesis': '3.600.0',
  '@smithy/node-http-handler': '^3.1.0',
  '@opensearch-project/opensearch': '2.5.0',
  rxjs: '7.8.1',
  'aws-kinesis-agg': '4.2.8',
  'fast-check': '^4.0.0',
};

/** The packages' peers: one copy each in the consumer. */
const PEERS = [
  '@aws-sdk/client-kinesis',
  '@opensearch-project/opensearch',
  'rxjs',
  'aws-kinesis-agg',
  'fast-check',
];

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Like `run`, but shows the command's output when it fails. */
function runShown(cmd, args, opts = {}) {
  try {
    return run(cmd, args, opts);
  } catch (e) {
    process.stdout.write(e.stdout ?? '');
    process.stderr.write(e.stderr ?? '');
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${e.status})`);
  }
}

function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? root,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${out}`)),
    );
  });
}

const failures = [];
function check(ok, message) {
  if (ok) return;
  failures.push(message);
  console.log(`release: FAIL ${message}`);
}

let verdaccio;
let stack;
let stackStarting;
try {
  const packages = publishedPackages(root);
  log(`building ${packages.length} packages`);
  runShown('npx', [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    ...packages.map((p) => p.project),
    'local-stack',
    '--output-style=static',
  ]);
  const { spawnManaged, freePort, startStack } = await import(
    join(root, 'tools/local-stack/dist/index.js')
  );
  // OpenSearch takes a while to start: let it come up while publishing and installing.
  stackStarting = startStack({
    services: ['kinesis', 'opensearch'],
    opensearch: { startTimeoutMs: 300_000 },
  });
  stackStarting.catch(() => {});

  // Verdaccio: fresh storage, @tripstream/* served only from here (no uplink), published by a
  // user created through the registry API, like `npm adduser`.
  const port = await freePort();
  const registry = `http://127.0.0.1:${port}/`;
  const vdir = join(tmp, 'verdaccio');
  mkdirSync(vdir, { recursive: true });
  writeFileSync(
    join(vdir, 'config.yaml'),
    [
      `storage: ${join(vdir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(vdir, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '@tripstream/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  verdaccio = spawnManaged(
    'verdaccio',
    process.execPath,
    [
      join(root, 'node_modules/verdaccio/bin/verdaccio'),
      '--config',
      join(vdir, 'config.yaml'),
      '--listen',
      `127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await until(async () => (await fetch(`${registry}-/ping`)).ok, 30_000, 'verdaccio to answer');
  const user = await fetch(`${registry}-/user/org.couchdb.user:release`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'release', password: 'release-check', type: 'user' }),
  });
  const { token } = await user.json();
  if (!token) throw new Error(`verdaccio gave no token (HTTP ${user.status})`);
  // A global config of our own carries the token; the user's own npmrc still applies.
  const globalconfig = join(tmp, 'npmrc');
  writeFileSync(globalconfig, `//127.0.0.1:${port}/:_authToken=${token}\n`);
  const npmEnv = { npm_config_globalconfig: globalconfig };
  log(
    `verdaccio ${run(process.execPath, [join(root, 'node_modules/verdaccio/bin/verdaccio'), '--version']).trim()} on ${registry}`,
  );

  // Publish exactly as a release would.
  const published = runShown(
    'npx',
    ['nx', 'release', 'publish', `--registry=${registry}`, '--output-style=static'],
    { env: npmEnv },
  );
  log(
    `nx release publish: ${published.split('\n').filter((l) => /Published to|Skipped|Successfully ran/.test(l)).length} lines of success`,
  );
  for (const p of packages) {
    const json = readFileSync(join(p.dir, 'package.json'), 'utf8');
    check(
      json.includes('"@tripstream/source"') && !existsSync(join(p.dir, '.package.json.workspace')),
      `${p.name}: the workspace package.json was not restored after publishing`,
    );
  }

  // Every tarball, as the registry serves it.
  const tarDir = join(tmp, 'tarballs');
  mkdirSync(tarDir);
  for (const p of packages) {
    const res = await get(`${registry}${p.name.replace('/', '%2f')}`);
    check(res.ok, `${p.name}: not in the registry after publish (HTTP ${res.status})`);
    if (!res.ok) continue;
    const packument = await res.json();
    const meta = packument.versions[p.version];
    check(meta !== undefined, `${p.name}@${p.version} not published`);
    if (!meta) continue;
    check(
      !JSON.stringify(meta).includes('@tripstream/source'),
      `${p.name}: the registry metadata still has the @tripstream/source condition`,
    );
    const tgz = join(tarDir, `${p.project}.tgz`);
    writeFileSync(tgz, Buffer.from(await (await get(meta.dist.tarball)).arrayBuffer()));
    const out = join(tarDir, p.project);
    mkdirSync(out);
    run('tar', ['xzf', tgz, '-C', out]);
    for (const problem of (await import('./tarball-problems.mjs')).tarballProblems(
      join(out, 'package'),
    ))
      check(false, `${p.name}: ${problem}`);
  }
  log(`checked ${packages.length} tarballs`);

  // Each package alone from the registry (peers included, as npm installs them): MB on disk.
  const scopeRc = `@tripstream:registry=${registry}\n`;
  const sizes = await Promise.all(
    packages.map(async (p) => {
      const dir = join(tmp, 'alone', p.project);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '.npmrc'), scopeRc);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'alone', private: true }));
      await runAsync(
        'npm',
        ['install', '--no-audit', '--no-fund', '--loglevel=error', `${p.name}@${p.version}`],
        { cwd: dir, env: npmEnv },
      );
      const bytes = Number(run('du', ['-sb', join(dir, 'node_modules')]).split('\t')[0]);
      return { name: p.name, dir, bytes };
    }),
  );
  for (const s of sizes) log(`installed alone: ${s.name} ${(s.bytes / 1e6).toFixed(1)} MB`);
  const alone = Object.fromEntries(sizes.map((s) => [s.name, s]));
  if (alone['@tripstream/trip-schema'])
    check(
      !existsSync(join(alone['@tripstream/trip-schema'].dir, 'node_modules/fast-check')),
      '@tripstream/trip-schema installed alone pulled in fast-check',
    );
  if (alone['@tripstream/dashboards'])
    check(
      alone['@tripstream/dashboards'].bytes < 10e6,
      `@tripstream/dashboards installed alone takes ${(alone['@tripstream/dashboards'].bytes / 1e6).toFixed(1)} MB (limit 10 MB)`,
    );
  if (alone['@tripstream/kinesis-producer'])
    check(
      !existsSync(join(alone['@tripstream/kinesis-producer'].dir, 'node_modules/aws-kinesis-agg')),
      '@tripstream/kinesis-producer installed alone pulled in aws-kinesis-agg',
    );
  if (process.argv.includes('--bench')) writeInstallSizes(root, sizes);

  // The consumer: an existing project with its own (older) peers, then every package.
  const consumer = join(tmp, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, '.npmrc'), scopeRc);
  const tsVersion = JSON.parse(
    readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8'),
  ).version;
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: CONSUMER_PEERS,
        devDependencies: { '@types/node': '^22', typescript: tsVersion },
      },
      null,
      2,
    ),
  );
  log('consumer: installing its own peers');
  runShown('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: consumer,
    env: npmEnv,
  });
  log('consumer: installing every @tripstream package from the local registry');
  runShown(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packages.map((p) => `${p.name}@${p.version}`),
    ],
    { cwd: consumer, env: npmEnv },
  );
  for (const [peer, wanted] of Object.entries(CONSUMER_PEERS)) {
    if (!PEERS.includes(peer)) continue;
    const copies = run('find', [
      join(consumer, 'node_modules'),
      '-path',
      `*/node_modules/${peer}/package.json`,
    ])
      .split('\n')
      .filter(Boolean)
      .map((f) => JSON.parse(readFileSync(f, 'utf8')).version);
    const ls = JSON.parse(run('npm', ['ls', peer, '--all', '--json'], { cwd: consumer }));
    const versions = new Set();
    (function walk(deps) {
      for (const [name, d] of Object.entries(deps ?? {})) {
        if (name === peer) versions.add(d.version);
        walk(d.dependencies);
      }
    })(ls.dependencies);
    check(
      copies.length === 1 && versions.size === 1,
      `consumer: ${peer} installed ${copies.length} times (${copies.join(', ')}); npm ls: ${[...versions].join(', ')}`,
    );
    if (!wanted.startsWith('^'))
      check(
        copies[0] === wanted,
        `consumer: ${peer} is ${copies[0]}, not the consumer's ${wanted}`,
      );
  }
  log(`consumer: one copy of each of ${PEERS.join(', ')}`);

  // Types: every public entry point, and every README block, strict, skipLibCheck off.
  const srcDir = join(consumer, 'src');
  mkdirSync(srcDir);
  const entries = packages.flatMap((p) => p.entryPoints);
  writeFileSync(
    join(srcDir, 'imports.ts'),
    entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n') +
      `\nexport const apis = [${entries.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  const blocks = [];
  for (const p of packages) {
    for (const b of readmeBlocks(readFileSync(join(p.dir, 'README.md'), 'utf8'))) {
      const file = `readme-${p.project}-${b.index}.ts`;
      writeFileSync(join(srcDir, file), withPrelude(b));
      blocks.push({ ...b, file, project: p.project });
    }
  }
  await Promise.all(
    [
      ['nodenext', 'nodenext', 'nodenext'],
      ['bundler', 'preserve', 'bundler'],
    ].map(async ([name, module, resolution]) => {
      writeFileSync(
        join(consumer, `tsconfig.${name}.json`),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: 'es2022',
            lib: ['es2023', 'esnext.disposable'],
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
          },
          include: ['src/**/*.ts'],
        }),
      );
      const res = await runAsync(
        process.execPath,
        [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${name}.json`],
        { cwd: consumer },
      ).then(
        () => '',
        (e) => e.message,
      );
      check(res === '', `consumer: tsc --strict (${name}) failed:\n${res}`);
      log(
        `consumer: tsc --strict, ${name} resolution: ${res === '' ? 'ok' : 'FAILED'} (${entries.length} entry points, ${blocks.length} README blocks)`,
      );
    }),
  );

  // Runtime: every entry point imports in plain Node; the runnable README blocks run.
  writeFileSync(
    join(srcDir, 'imports.mjs'),
    entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n') +
      `\nfor (const [i, m] of [${entries.map((_, i) => `m${i}`).join(', ')}].entries()) if (!Object.keys(m).length) throw new Error('entry ' + i + ' exports nothing');\n`,
  );
  run(process.execPath, [join(srcDir, 'imports.mjs')], { cwd: consumer });
  // The README's require(esm) note: CommonJS code can require() every entry point.
  writeFileSync(
    join(srcDir, 'require.cjs'),
    entries
      .map((e) => `if (!Object.keys(require('${e}')).length) throw new Error('${e}');`)
      .join('\n'),
  );
  run(process.execPath, [join(srcDir, 'require.cjs')], { cwd: consumer });
  for (const p of packages) {
    for (const bin of Object.keys(p.json.bin ?? {})) {
      const help = run(join(consumer, 'node_modules/.bin', bin), ['--help'], { cwd: consumer });
      check(/usage/i.test(help), `${bin} --help printed no usage`);
    }
  }
  log('consumer: every entry point imports and require()s; every bin prints its usage');

  const runnable = blocks.filter((b) => b.run);
  if (runnable.length) {
    log(`starting the local stack for ${runnable.length} runnable README blocks`);
    stack = await stackStarting;
    // The READMEs' stream: `trips`, one shard, as a user would have created it.
    const { KinesisClient, CreateStreamCommand, waitUntilStreamExists } = await import(
      join(root, 'node_modules/@aws-sdk/client-kinesis/dist-cjs/index.js')
    );
    const { NodeHttpHandler } = await import(
      join(root, 'node_modules/@smithy/node-http-handler/dist-cjs/index.js')
    );
    const kinesis = new KinesisClient({
      region: 'us-east-1',
      endpoint: stack.endpoints.kinesis,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      requestHandler: new NodeHttpHandler(),
    });
    await kinesis.send(new CreateStreamCommand({ StreamName: 'trips', ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 60 }, { StreamName: 'trips' });
    kinesis.destroy();
    for (const b of runnable) {
      const out = await runAsync(process.execPath, [join(srcDir, b.file)], {
        cwd: consumer,
        env: {
          KINESIS_ENDPOINT: stack.endpoints.kinesis,
          OPENSEARCH_URL: stack.endpoints.opensearch,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'x',
          AWS_SECRET_ACCESS_KEY: 'x',
        },
      }).then(
        (o) => ({ ok: true, o }),
        (e) => ({ ok: false, o: e.message }),
      );
      check(
        out.ok,
        `README ${b.project} block ${b.index} (line ${b.line}) failed to run:\n${out.o}`,
      );
      check(
        !/NodeVersionSupportWarning|NodeDeprecationWarning/.test(out.o),
        `README ${b.project} block ${b.index} printed a Node-version warning`,
      );
      log(`ran README ${b.project} block ${b.index} (line ${b.line}): ${out.ok ? 'ok' : 'FAILED'}`);
    }
  }
} catch (e) {
  failures.push(e instanceof Error ? e.message : String(e));
  console.log(`release: FAIL ${e instanceof Error ? e.stack : e}`);
  if (e?.cause) console.log('cause:', e.cause);
  if (verdaccio) console.log(`verdaccio output:\n${verdaccio.output()}`);
} finally {
  await stackStarting?.then((s) => s.stop()).catch(() => {});
  verdaccio?.child.kill('SIGTERM');
  // A failed publish may leave a stripped manifest behind: put the workspace one back.
  const { restore } = await import('./publish-manifest.mjs');
  for (const p of publishedPackages(root)) restore(p.dir);
  if (keep) console.log(`release: kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
console.log(
  failures.length
    ? `release-check: ${failures.length} problem(s)`
    : `release-check: ok in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failures.length ? 1 : 0);

/** GET with one retry: a keep-alive socket the registry closed meanwhile fails the first try. */
async function get(url) {
  try {
    return await fetch(url);
  } catch {
    return fetch(url);
  }
}

async function until(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
