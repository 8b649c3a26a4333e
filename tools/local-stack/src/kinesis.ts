import { createRequire } from 'node:module';
import { spawnManaged, untilReadyOrExit } from './child.js';
import { freePort, waitFor } from './ports.js';

const require = createRequire(import.meta.url);

/** Options of {@link startKinesis}. */
export interface KinesisOptions {
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Most shards kinesalite allows in all streams together. Default: 200. */
  shardLimit?: number;
  /** How long a stream stays CREATING/UPDATING/DELETING, in ms. Default: 0 (instant). */
  transitionMs?: number;
}

export interface RunningKinesis {
  /** HTTP endpoint, e.g. `http://127.0.0.1:4567`. */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts kinesalite (in-memory) as a child process and waits until it answers ListStreams. */
export async function startKinesis(options: KinesisOptions = {}): Promise<RunningKinesis> {
  const port = options.port ?? (await freePort());
  const ms = String(options.transitionMs ?? 0);
  const cli = require.resolve('kinesalite/cli.js');
  const proc = spawnManaged('kinesis', process.execPath, [
    cli,
    '--port',
    String(port),
    '--shardLimit',
    String(options.shardLimit ?? 200),
    '--createStreamMs',
    ms,
    '--deleteStreamMs',
    ms,
    '--updateStreamMs',
    ms,
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  await untilReadyOrExit(
    'kinesis',
    proc,
    waitFor('kinesis (kinesalite)', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Kinesis_20131202.ListStreams',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20200101T000000Z',
        },
        body: '{}',
      });
      return res.ok;
    }),
  );
  return { endpoint, stop: () => proc.stop() };
}
