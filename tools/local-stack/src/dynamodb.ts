import { createRequire } from 'node:module';
import { spawnManaged, untilReadyOrExit } from './child.js';
import { freePort, waitFor } from './ports.js';

const require = createRequire(import.meta.url);

/** Options of {@link startDynamoDB}. */
export interface DynamoDBOptions {
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /**
   * How long a table stays CREATING/UPDATING/DELETING, in ms. Default: 0 (instant), so tests do
   * not wait out dynalite's own default of 500 ms per table.
   */
  transitionMs?: number;
}

export interface RunningDynamoDB {
  /** HTTP endpoint, e.g. `http://127.0.0.1:4569`. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB's API on an in-memory LevelDB) as a child process and waits until it
 * answers ListTables.
 */
export async function startDynamoDB(options: DynamoDBOptions = {}): Promise<RunningDynamoDB> {
  const port = options.port ?? (await freePort());
  const ms = String(options.transitionMs ?? 0);
  const cli = require.resolve('dynalite/cli.js');
  const proc = spawnManaged('dynamodb', process.execPath, [
    cli,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--createTableMs',
    ms,
    '--deleteTableMs',
    ms,
    '--updateTableMs',
    ms,
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  await untilReadyOrExit(
    'dynamodb',
    proc,
    waitFor('dynamodb (dynalite)', async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20200101T000000Z',
        },
        body: '{}',
      });
      return res.ok;
    }),
  );
  return { endpoint, stop: () => proc.stop() };
}
