import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, realpathSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { spawnManaged, untilReadyOrExit } from './child.js';
import { StackStartError, freePort, waitFor } from './ports.js';

const run = promisify(execFile);

/** The OpenSearch version the stack runs unless told otherwise. */
export const DEFAULT_OPENSEARCH_VERSION = '2.19.1';

/** Options of {@link startOpenSearch}. */
export interface OpenSearchOptions {
  /** OpenSearch version from Maven Central. Default: {@link DEFAULT_OPENSEARCH_VERSION}. */
  version?: string;
  /** HTTP port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** JVM heap, in MiB. Default: 512. */
  heapMb?: number;
  /** Maven local repository used as the download cache. Default: `$MAVEN_REPO` or `~/.m2/repository`. */
  mavenRepo?: string;
  /** How long to wait for a green cluster, in ms. Default: 120000. */
  startTimeoutMs?: number;
  /** Called with progress lines (download, unpack, start). Default: none. */
  log?: (line: string) => void;
}

export interface RunningOpenSearch {
  /** HTTP endpoint, e.g. `http://127.0.0.1:9200`. */
  endpoint: string;
  /** Stops the node (SIGTERM, then SIGKILL after 15 s) and removes its directory. */
  stop(): Promise<void>;
}

interface Artifact {
  coordinates: string;
  file: string;
}

function artifacts(version: string, repo: string): { distribution: Artifact; geo: Artifact } {
  return {
    distribution: {
      coordinates: `org.opensearch.distribution.integ-test-zip:opensearch:${version}:zip`,
      file: join(
        repo,
        'org/opensearch/distribution/integ-test-zip/opensearch',
        version,
        `opensearch-${version}.zip`,
      ),
    },
    geo: {
      coordinates: `org.opensearch.plugin:geo:${version}`,
      file: join(repo, 'org/opensearch/plugin/geo', version, `geo-${version}.jar`),
    },
  };
}

async function sha1(file: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Fetches one artifact through Maven (once; Maven's repository is the cache) and checks its SHA-1. */
async function ensureArtifact(artifact: Artifact, repo: string, log: (l: string) => void) {
  if (!existsSync(artifact.file)) {
    log(`downloading ${artifact.coordinates} with mvn (once; cached in ${repo})`);
    try {
      await run(
        'mvn',
        [
          '-q',
          '-B',
          `-Dmaven.repo.local=${repo}`,
          'dependency:get',
          `-Dartifact=${artifact.coordinates}`,
          '-Dtransitive=false',
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (err) {
      throw new StackStartError(
        `could not download ${artifact.coordinates} with Maven (is mvn installed and Maven Central reachable?)`,
        'opensearch',
        err,
      );
    }
  }
  const sumFile = `${artifact.file}.sha1`;
  if (existsSync(sumFile)) {
    const expected = (await readFile(sumFile, 'utf8')).trim().split(/\s+/)[0].toLowerCase();
    const actual = await sha1(artifact.file);
    if (expected !== actual) {
      await rm(artifact.file, { force: true });
      throw new StackStartError(
        `checksum mismatch for ${artifact.file}: expected ${expected}, got ${actual}; the file was removed, run again to download it anew`,
        'opensearch',
      );
    }
  }
}

/** Downloads (once) the OpenSearch distribution and its geo module; returns their paths. */
export async function ensureOpenSearchDistribution(
  options: Pick<OpenSearchOptions, 'version' | 'mavenRepo' | 'log'> = {},
): Promise<{ zip: string; geoJar: string; version: string }> {
  const version = options.version ?? DEFAULT_OPENSEARCH_VERSION;
  const repo = options.mavenRepo ?? process.env.MAVEN_REPO ?? join(homedir(), '.m2', 'repository');
  const log = options.log ?? (() => {});
  const { distribution, geo } = artifacts(version, repo);
  await ensureArtifact(distribution, repo, log);
  await ensureArtifact(geo, repo, log);
  return { zip: distribution.file, geoJar: geo.file, version };
}

function javaHome(): string {
  if (process.env.OPENSEARCH_JAVA_HOME) return process.env.OPENSEARCH_JAVA_HOME;
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  const which = spawnSync('which', ['java'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new StackStartError(
      'no java on PATH and JAVA_HOME is not set: OpenSearch needs Java 17+',
      'opensearch',
    );
  }
  return dirname(dirname(realpathSync(which.stdout.trim())));
}

/** The uid/gid OpenSearch runs as when we are root (it refuses to run as root). */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

/**
 * Starts a single-node OpenSearch on 127.0.0.1 from the Maven distribution, unpacked into a fresh
 * temporary directory, with the geo module added (the integ-test zip lacks it, and the heat map
 * needs `geohash_grid`). When running as root the node runs as `nobody`, since OpenSearch refuses
 * to run as root.
 */
export async function startOpenSearch(options: OpenSearchOptions = {}): Promise<RunningOpenSearch> {
  const log = options.log ?? (() => {});
  const { zip, geoJar, version } = await ensureOpenSearchDistribution(options);
  const port = options.port ?? (await freePort());
  const transportPort = await freePort();
  const base = await mkdtemp(join(tmpdir(), 'tripstream-opensearch-'));
  await chmod(base, 0o755);
  log(`unpacking OpenSearch ${version} into ${base}`);
  await run('unzip', ['-q', zip, '-d', base]).catch(async (err) => {
    throw new StackStartError(`could not unpack ${zip} (is unzip installed?)`, 'opensearch', err);
  });
  const home = join(base, `opensearch-${version}`);
  const geoDir = join(home, 'modules', 'geo');
  await mkdir(geoDir, { recursive: true });
  await copyFile(geoJar, join(geoDir, `geo-${version}.jar`));
  await writeFile(
    join(geoDir, 'plugin-descriptor.properties'),
    [
      'description=Geo module (geohash_grid, geotile_grid, geo_bounds)',
      `version=${version}`,
      'name=geo',
      'classname=org.opensearch.geo.GeoModulePlugin',
      'java.version=11',
      `opensearch.version=${version}`,
      'custom.foldername=',
      'extended.plugins=',
      'has.native.controller=false',
      '',
    ].join('\n'),
  );
  await mkdir(join(base, 'data'));
  await mkdir(join(base, 'logs'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['-R', `${UNPRIVILEGED.uid}:${UNPRIVILEGED.gid}`, base]);

  const heap = options.heapMb ?? 512;
  const proc = spawnManaged(
    'opensearch',
    join(home, 'bin', 'opensearch'),
    [
      '-Ediscovery.type=single-node',
      '-Ecluster.name=tripstream-local',
      '-Enode.name=local',
      '-Ehttp.host=127.0.0.1',
      `-Ehttp.port=${port}`,
      '-Etransport.host=127.0.0.1',
      `-Etransport.port=${transportPort}`,
      `-Epath.data=${join(base, 'data')}`,
      `-Epath.logs=${join(base, 'logs')}`,
      '-Ecluster.routing.allocation.disk.threshold_enabled=false',
      '-Eaction.destructive_requires_name=false',
    ],
    {
      env: {
        ...process.env,
        OPENSEARCH_JAVA_HOME: javaHome(),
        OPENSEARCH_JAVA_OPTS: `-Xms${heap}m -Xmx${heap}m`,
      },
      cwd: base,
      setprivArgs: asRoot
        ? [`--reuid=${UNPRIVILEGED.uid}`, `--regid=${UNPRIVILEGED.gid}`, '--clear-groups']
        : [],
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  log(`starting OpenSearch on ${endpoint}`);
  const cleanup = () => rm(base, { recursive: true, force: true });
  try {
    await untilReadyOrExit(
      'opensearch',
      proc,
      waitFor(
        'opensearch',
        async () => {
          const res = await fetch(`${endpoint}/_cluster/health?wait_for_status=green&timeout=1s`);
          return res.ok;
        },
        { timeoutMs: options.startTimeoutMs ?? 120_000, intervalMs: 500 },
      ),
    );
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    endpoint,
    async stop() {
      await proc.stop(15_000);
      await cleanup();
    },
  };
}
