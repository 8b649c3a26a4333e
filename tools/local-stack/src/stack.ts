import { startDynamoDB, type DynamoDBOptions } from './dynamodb.js';
import { startKinesis, type KinesisOptions } from './kinesis.js';
import { startOpenSearch, type OpenSearchOptions } from './opensearch.js';
import { startS3, type S3Options } from './s3.js';

export type Service = 'kinesis' | 'dynamodb' | 's3' | 'opensearch';
export const ALL_SERVICES: readonly Service[] = ['kinesis', 'dynamodb', 's3', 'opensearch'];

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Which servers to start. Default: all of {@link ALL_SERVICES}. */
  services?: readonly Service[];
  kinesis?: KinesisOptions;
  dynamodb?: DynamoDBOptions;
  s3?: S3Options;
  opensearch?: OpenSearchOptions;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

/** Endpoints of the servers that were started (absent for the ones that were not). */
export interface StackEndpoints {
  kinesis?: string;
  dynamodb?: string;
  s3?: string;
  opensearch?: string;
}

export interface LocalStack {
  endpoints: StackEndpoints;
  /** Stops every server; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the requested servers on 127.0.0.1 in parallel and waits until each is healthy. */
export async function startStack(options: StackOptions = {}): Promise<LocalStack> {
  const services = options.services ?? ALL_SERVICES;
  const log = options.log ?? (() => {});
  const starters: Record<Service, () => Promise<{ endpoint: string; stop(): Promise<void> }>> = {
    kinesis: () => startKinesis(options.kinesis),
    dynamodb: () => startDynamoDB(options.dynamodb),
    s3: () => startS3(options.s3),
    opensearch: () => startOpenSearch({ log, ...options.opensearch }),
  };
  const results = await Promise.allSettled(services.map((s) => starters[s]()));
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((r) => r.stop()));
    throw failed.reason;
  }
  const endpoints: StackEndpoints = {};
  services.forEach((s, i) => {
    endpoints[s] = (results[i] as PromiseFulfilledResult<{ endpoint: string }>).value.endpoint;
    log(`${s} ready at ${endpoints[s]}`);
  });
  let stopped: Promise<void> | undefined;
  return {
    endpoints,
    stop() {
      stopped ??= Promise.all(running.map((r) => r.stop())).then(() => {});
      return stopped;
    },
  };
}
