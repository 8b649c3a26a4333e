import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import {
  createStream as createStreamOf,
  kinesaliteClient,
  listShards,
  waitForActive,
} from '@tripstream/test-support';
import type { KinesisSource, SourceEvent } from '../../src/index.js';

/** A client for kinesalite. `maxAttempts: 1` leaves retries to the source. */
export function kinesisClient(endpoint: string, maxAttempts = 3): KinesisClient {
  return kinesaliteClient(endpoint, maxAttempts);
}

let counter = 0;
export function uniqueStreamName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export { waitForActive as waitActive };

export async function createStream(
  client: KinesisClient,
  prefix: string,
  shards: number,
): Promise<string> {
  const name = uniqueStreamName(prefix);
  await createStreamOf(client, name, shards);
  return name;
}

export { listShards as shardsOf };

export interface Put {
  partitionKey: string;
  data: Uint8Array | string;
  explicitHashKey?: string;
}

export interface Written {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  data: string;
}

/** PutRecords in chunks of 500, in order; fails the test on any failed record. */
export async function putRecords(
  client: KinesisClient,
  streamName: string,
  puts: readonly Put[],
): Promise<Written[]> {
  const out: Written[] = [];
  for (let i = 0; i < puts.length; i += 500) {
    const chunk = puts.slice(i, i + 500);
    const res = await client.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: chunk.map((p) => ({
          PartitionKey: p.partitionKey,
          Data: typeof p.data === 'string' ? new TextEncoder().encode(p.data) : p.data,
          ExplicitHashKey: p.explicitHashKey,
        })),
      }),
    );
    if (res.FailedRecordCount) throw new Error(`${res.FailedRecordCount} records failed`);
    res.Records?.forEach((r, j) => {
      const p = chunk[j];
      out.push({
        shardId: r.ShardId as string,
        sequenceNumber: r.SequenceNumber as string,
        partitionKey: p.partitionKey,
        data: typeof p.data === 'string' ? p.data : Buffer.from(p.data).toString('base64'),
      });
    });
  }
  return out;
}

/** `n` records `prefix-0..n-1` with partition keys spread over `keys` keys. */
export function numbered(prefix: string, n: number, keys = 16): Put[] {
  return Array.from({ length: n }, (_, i) => ({
    partitionKey: `k${i % keys}`,
    data: `${prefix}-${i}`,
  }));
}

const decoder = new TextDecoder();
export const text = (data: Uint8Array): string => decoder.decode(data);

/**
 * Iterates `source` until `done(events)` holds, then returns every event received (the source is
 * left running; stop it yourself). Fails after `timeoutMs`.
 */
export async function collectUntil(
  source: KinesisSource,
  done: (events: readonly SourceEvent[]) => boolean,
  timeoutMs = 20_000,
  iterator: AsyncIterator<SourceEvent> = source[Symbol.asyncIterator](),
): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(events)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`timed out; got ${summarize(events)}`);
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), remaining))),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`timed out; got ${summarize(events)}`);
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

export function recordCount(events: readonly SourceEvent[]): number {
  let n = 0;
  for (const e of events) if (e.type === 'records') n += e.records.length;
  return n;
}

export function recordTexts(events: readonly SourceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events)
    if (e.type === 'records') for (const r of e.records) out.push(text(r.data));
  return out;
}

function summarize(events: readonly SourceEvent[]): string {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return `${recordCount(events)} records, ${JSON.stringify(counts)}`;
}

/** Calls a client sent, on a given clock, and how many are in flight now. */
export interface CallLog {
  inFlight: number;
  calls: { operation: string; at: number }[];
}

/**
 * Logs every call `client` sends, at `now()` when it leaves (give it the source's clock), and
 * counts calls in flight (a virtual clock stands still while one is).
 */
export function logCalls(client: KinesisClient, now: () => number): CallLog {
  const log: CallLog = { inFlight: 0, calls: [] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      log.calls.push({ operation: String(context.commandName).replace(/Command$/, ''), at: now() });
      log.inFlight++;
      try {
        return await next(args);
      } finally {
        log.inFlight--;
      }
    },
    { step: 'initialize' },
  );
  return log;
}
