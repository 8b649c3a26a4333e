import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, inject, it } from 'vitest';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const stack = inject('stack');

describe('kinesis (kinesalite)', () => {
  it('routes records by ExplicitHashKey to the shard owning that hash key', async () => {
    const kinesis = new KinesisClient({
      endpoint: stack.kinesis,
      region: 'us-east-1',
      credentials,
      // kinesalite speaks HTTP/1.1 only; the SDK's default HTTP/2 handler fails against it.
      requestHandler: new NodeHttpHandler(),
    });
    const StreamName = 'stack-test';
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName }));
    expect(Shards).toHaveLength(4);
    const put = await kinesis.send(
      new PutRecordsCommand({
        StreamName,
        Records: Shards.map((s, i) => ({
          Data: Buffer.from(`to-${i}`),
          PartitionKey: 'ignored',
          ExplicitHashKey: s.HashKeyRange!.StartingHashKey,
        })),
      }),
    );
    expect(put.FailedRecordCount).toBe(0);
    for (const [i, shard] of Shards.entries()) {
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      expect(Records.map((r) => Buffer.from(r.Data!).toString())).toEqual([`to-${i}`]);
    }
    kinesis.destroy();
  });
});

describe('dynamodb (dynalite)', () => {
  it('creates a table that is ACTIVE at once and honours conditional writes', async () => {
    const ddb = new DynamoDBClient({ endpoint: stack.dynamodb, region: 'us-east-1', credentials });
    const TableName = 'stack-test';
    const created = await ddb.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    expect(created.TableDescription?.TableName).toBe(TableName);
    await ddb.send(new PutItemCommand({ TableName, Item: { k: { S: 'a' }, n: { N: '1' } } }));
    const bump = (expected: string) =>
      ddb.send(
        new UpdateItemCommand({
          TableName,
          Key: { k: { S: 'a' } },
          UpdateExpression: 'SET n = n + :one',
          ConditionExpression: 'n = :expected',
          ExpressionAttributeValues: { ':one': { N: '1' }, ':expected': { N: expected } },
        }),
      );
    await bump('1');
    await expect(bump('1')).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    ddb.destroy();
  });
});

describe('s3 (s3rver)', () => {
  it('lists more than 1,000 keys across pages in key order', async () => {
    const s3 = new S3Client({
      endpoint: stack.s3,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    });
    const Bucket = 'stack-test';
    await s3.send(new CreateBucketCommand({ Bucket }));
    const keys = Array.from(
      { length: 1_050 },
      (_, i) => `trips/part-${String(i).padStart(5, '0')}.jsonl`,
    );
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))),
      );
    }
    const listed: string[] = [];
    let pages = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket, Prefix: 'trips/', ContinuationToken }),
      );
      pages++;
      listed.push(...(page.Contents ?? []).map((o) => o.Key!));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(pages).toBeGreaterThan(1);
    expect(listed).toEqual(keys);
    s3.destroy();
  });
});

describe('opensearch (real server)', () => {
  const os = stack.opensearch!;
  const call = async (method: string, path: string, body?: unknown, ndjson = false) => {
    const res = await fetch(`${os}${path}`, {
      method,
      headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
      body: body === undefined ? undefined : ndjson ? (body as string) : JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  it('indexes geo_points in bulk and answers geohash_grid and date_histogram', async () => {
    await call('PUT', '/stack-test', {
      mappings: {
        properties: {
          location: { type: 'geo_point' },
          timestamp: { type: 'date' },
          n: { type: 'long' },
        },
      },
    });
    const docs = [
      { location: 'dr5ru7c', timestamp: '2016-01-01T01:00:00Z', n: 3 },
      { location: 'dr5ru7c', timestamp: '2016-01-01T02:00:00Z', n: 4 },
      { location: 'dr5regw', timestamp: '2016-01-01T02:00:00Z', n: 5 },
    ];
    const bulk = docs.map((d, i) => `{"index":{"_id":"${i}"}}\n${JSON.stringify(d)}\n`).join('');
    const res = await call('POST', '/stack-test/_bulk?refresh=true', bulk, true);
    expect(res.errors).toBe(false);
    const agg = await call('POST', '/stack-test/_search', {
      size: 0,
      aggs: {
        grid: {
          geohash_grid: { field: 'location', precision: 7 },
          aggs: { n: { sum: { field: 'n' } } },
        },
        hist: { date_histogram: { field: 'timestamp', fixed_interval: '1h' } },
      },
    });
    const grid = Object.fromEntries(
      agg.aggregations.grid.buckets.map((b: any) => [b.key, b.n.value]),
    );
    expect(grid).toEqual({ dr5ru7c: 7, dr5regw: 5 });
    expect(agg.aggregations.hist.buckets.map((b: any) => [b.key_as_string, b.doc_count])).toEqual([
      ['2016-01-01T01:00:00.000Z', 1],
      ['2016-01-01T02:00:00.000Z', 2],
    ]);
  });
});
