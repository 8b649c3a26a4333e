import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisSource, type SourceEvent } from '../src/index.js';
import {
  createStream,
  kinesisClient,
  numbered,
  putRecords,
  recordCount,
} from './helpers/kinesis.js';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 300,
  maxCallsPerSecondPerShard: 50,
};

describe('AbortSignal and Symbol.asyncDispose', () => {
  let client: KinesisClient;
  beforeAll(() => {
    client = kinesisClient(inject('stack').kinesis as string);
  });
  afterAll(() => client.destroy());

  it('the signal option ends the iteration when it aborts', async () => {
    const stream = await createStream(client, 'abort', 1);
    await putRecords(client, stream, numbered('a', 5));
    const controller = new AbortController();
    const source = createKinesisSource({
      client,
      ...fast,
      streamName: stream,
      signal: controller.signal,
    });
    const seen: SourceEvent[] = [];
    for await (const event of source) {
      seen.push(event);
      if (recordCount(seen) >= 5) controller.abort();
    }
    expect(recordCount(seen)).toBe(5);
  });

  it('an already aborted signal gives an empty iteration', async () => {
    const stream = await createStream(client, 'aborted', 1);
    const source = createKinesisSource({
      client,
      ...fast,
      streamName: stream,
      signal: AbortSignal.abort(),
    });
    const seen: SourceEvent[] = [];
    for await (const event of source) seen.push(event);
    expect(seen).toEqual([]);
  });

  it('await using stops the source at the end of the scope', async () => {
    const stream = await createStream(client, 'dispose', 1);
    await putRecords(client, stream, numbered('b', 3));
    let outer: ReturnType<typeof createKinesisSource> | undefined;
    {
      await using source = createKinesisSource({ client, ...fast, streamName: stream });
      outer = source;
      const it = source[Symbol.asyncIterator]();
      await it.next();
    }
    // Stopped: a fresh iteration is refused or ends at once; either way nothing more is read.
    const before = outer.stats().shards.map((s) => s.records);
    await new Promise((r) => setTimeout(r, 200));
    expect(outer.stats().shards.map((s) => s.records)).toEqual(before);
  });
});
