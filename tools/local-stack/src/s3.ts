import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnManaged, untilReadyOrExit } from './child.js';
import { freePort, waitFor } from './ports.js';

const require = createRequire(import.meta.url);

/** Options of {@link startS3}. */
export interface S3Options {
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Data directory. Default: a new temporary directory, removed on stop. */
  directory?: string;
}

export interface RunningS3 {
  /** HTTP endpoint for path-style access, e.g. `http://127.0.0.1:4568`. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts s3rver as a child process. It runs with `--openssl-legacy-provider` because s3rver
 * encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 disables by default:
 * without the flag every paginated listing fails with 500 ERR_OSSL_EVP_UNSUPPORTED.
 */
export async function startS3(options: S3Options = {}): Promise<RunningS3> {
  const port = options.port ?? (await freePort());
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'tripstream-s3-')));
  const cli = require.resolve('s3rver/bin/s3rver.js');
  const proc = spawnManaged('s3', process.execPath, [
    '--openssl-legacy-provider',
    cli,
    '--directory',
    directory,
    '--address',
    '127.0.0.1',
    '--port',
    String(port),
    '--silent',
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  await untilReadyOrExit(
    's3',
    proc,
    waitFor('s3 (s3rver)', async () => (await fetch(endpoint)).status < 500),
  );
  return {
    endpoint,
    async stop() {
      await proc.stop();
      if (!options.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
