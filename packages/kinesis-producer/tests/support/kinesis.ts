import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  createStream,
  kinesaliteClient,
  listShards,
  readShards,
  waitForActive,
} from '@tripstream/test-support';
import { inject } from 'vitest';

/** The kinesalite endpoint the globalSetup started. */
export function kinesisEndpoint(): string {
  const endpoint = inject('stack').kinesis;
  if (!endpoint) throw new Error('no kinesis endpoint: is the kinesis globalSetup configured?');
  return endpoint;
}

/** A client for kinesalite without SDK retries, so the producer's retries are what runs. */
export function kinesisClient(endpoint = kinesisEndpoint()): KinesisClient {
  return kinesaliteClient(endpoint);
}

let counter = 0;
export function uniqueStreamName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

export { createStream, listShards as allShards, waitForActive as waitActive };

export interface ReadRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  explicitHashKey?: string;
  data: Buffer;
}

/** Every record of every shard (open and closed), each shard in sequence-number order. */
export async function readStream(
  client: KinesisClient,
  streamName: string,
): Promise<Map<string, ReadRecord[]>> {
  const result = new Map<string, ReadRecord[]>();
  for (const { shard, records } of await readShards(client, streamName)) {
    const shardId = shard.ShardId as string;
    result.set(
      shardId,
      records.map((r) => ({
        shardId,
        sequenceNumber: r.SequenceNumber as string,
        partitionKey: r.PartitionKey as string,
        data: Buffer.from(r.Data as Uint8Array),
      })),
    );
  }
  return result;
}

export interface SendLog {
  timeMs: number;
  records: { PartitionKey?: string; Data?: Uint8Array }[];
}

/** What {@link loggingClient} records besides the log. */
export interface CallTracker {
  /** Calls sent and not yet answered. */
  inFlight: number;
}

/**
 * A client that logs every PutRecords call at the moment the producer sends it, on `now` (give it
 * the producer's clock to read the log in the producer's time), and counts calls in flight.
 */
export function loggingClient(
  log: SendLog[],
  now: () => number = () => performance.now(),
  calls: CallTracker = { inFlight: 0 },
) {
  const client = kinesisClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutRecordsCommand') {
        const input = args.input as { Records: SendLog['records'] };
        log.push({ timeMs: now(), records: input.Records });
      }
      calls.inFlight++;
      try {
        return await next(args);
      } finally {
        calls.inFlight--;
      }
    },
    { step: 'initialize' },
  );
  return client;
}
