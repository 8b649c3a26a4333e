import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3rverClient } from '@tripstream/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { checkpointWithState, LeaseLostError, restoreShardState } from '../src/index.js';
import { createS3StateStore, parseS3Uri } from '../src/s3/index.js';
import { coordinator, dynamoClient, freshTable, manualClock, shardIds } from './helpers.js';

const client = dynamoClient();
const s3 = s3rverClient(inject('stack').s3);
// One bucket per run: a long-lived s3rver (`npm run stack`) keeps the buckets of earlier runs.
const Bucket = `lease-state-${Date.now().toString(36)}`;
beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => {
  client.destroy();
  s3.destroy();
});

const keysUnder = async (Prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key!);

describe('shard state that moves with the lease (S3 on s3rver)', () => {
  it('a worker taking a lease restores the state committed with its checkpoint', async () => {
    const { bucket, prefix } = parseS3Uri(`s3://${Bucket}/run-1/state`);
    expect({ bucket, prefix }).toEqual({ bucket: Bucket, prefix: 'run-1/state/' });
    const store = createS3StateStore({ client: s3, bucket, prefix });
    const table = await freshTable(client, shardIds(1));
    const [shard] = shardIds(1);
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    await a.takeLeases();
    const enc = (s: string) => new TextEncoder().encode(s);
    await checkpointWithState(a, store, shard, { checkpoint: '100', state: enc('windows@100') });
    await checkpointWithState(a, store, shard, { checkpoint: '200', state: enc('windows@200') });
    // Only the committed object remains; the one of checkpoint 100 was discarded.
    expect(await keysUnder(`run-1/state/${shard}/`)).toHaveLength(1);
    await a.stop();

    const b = coordinator(table, 'b', clock);
    const [lease] = await b.takeLeases();
    expect(lease).toMatchObject({ checkpoint: '200', leaseOwner: 'b' });
    const restored = await restoreShardState(store, lease);
    expect(new TextDecoder().decode(restored)).toBe('windows@200');
  });

  it('a checkpoint refused for a lost lease leaves the committed state as it was', async () => {
    const store = createS3StateStore({ client: s3, bucket: Bucket, prefix: 'run-2' });
    const table = await freshTable(client, shardIds(2));
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    const b = coordinator(table, 'b', clock);
    await a.takeLeases();
    const [stolen] = await b.takeLeases();
    const err = await checkpointWithState(a, store, stolen.leaseKey, {
      checkpoint: '999',
      state: new Uint8Array([1, 2, 3]),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseLostError);
    expect(await keysUnder(`run-2/${stolen.leaseKey}/`)).toEqual([]);
    expect((await table.getLease(stolen.leaseKey))!.checkpoint).toBe('TRIM_HORIZON');
    expect(await restoreShardState(store, stolen)).toBeUndefined();
  });

  it('names a bad S3 URI', () => {
    expect(() => parseS3Uri('https://bucket/x')).toThrow(/uri: expected an S3 URI/);
    expect(parseS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
  });
});
