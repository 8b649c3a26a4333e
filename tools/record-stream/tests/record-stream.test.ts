import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  RecordStreamError,
  InvalidOptionError,
  RecordingFormatError,
  loadRecording,
  main,
  recordStream,
  saveRecording,
  summarizeRecording,
  type Recording,
} from '../src/index.js';

const stack = inject('stack');
const kinesis = new KinesisClient({
  endpoint: stack.kinesis,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  // kinesalite speaks HTTP/1.1 only.
  requestHandler: new NodeHttpHandler(),
});

const HALF = (2n ** 127n).toString(); // first hash key of shard 1 of 2
const QUARTER = (2n ** 126n).toString(); // where shard 0 splits

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'record-stream-'));
});
afterAll(async () => {
  kinesis.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function createStream(StreamName: string, ShardCount: number) {
  await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount }));
  await untilActive(StreamName);
}

async function untilActive(StreamName: string) {
  for (;;) {
    const s = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function put(StreamName: string, records: { data: string; hashKey: string }[]) {
  const out = await kinesis.send(
    new PutRecordsCommand({
      StreamName,
      Records: records.map((r, i) => ({
        Data: new TextEncoder().encode(r.data),
        PartitionKey: `k${i}`,
        ExplicitHashKey: r.hashKey,
      })),
    }),
  );
  expect(out.FailedRecordCount ?? 0).toBe(0);
}

describe('recordStream (kinesalite)', () => {
  it('records every shard, closed ones included, with parents and records in order', async () => {
    const stream = 'split-tree';
    await createStream(stream, 2);
    await put(stream, [
      { data: '{"n":1}', hashKey: '0' },
      { data: '{"n":2}', hashKey: HALF },
      { data: '{"n":3}', hashKey: '1' },
    ]);
    await kinesis.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: QUARTER,
      }),
    );
    await untilActive(stream);
    await put(stream, [
      { data: '{"n":4}', hashKey: '0' },
      { data: '{"n":5}', hashKey: QUARTER },
      { data: '{"n":6}', hashKey: HALF },
      { data: '{"n":7}', hashKey: '2' },
    ]);

    const recording = await recordStream({
      client: kinesis,
      stream,
      limit: 1,
      meta: { why: 'test' },
    });

    expect(recording.format).toBe('tripstream.recording');
    expect(recording.meta).toEqual({ why: 'test' });
    const byId = Object.fromEntries(recording.shards.map((s) => [s.shardId, s]));
    expect(Object.keys(byId)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
      'shardId-000000000002',
      'shardId-000000000003',
    ]);
    const data = (id: string) => byId[id].records.map((r) => r.data);
    expect(data('shardId-000000000000')).toEqual(['{"n":1}', '{"n":3}']);
    expect(data('shardId-000000000001')).toEqual(['{"n":2}', '{"n":6}']);
    expect(data('shardId-000000000002')).toEqual(['{"n":4}', '{"n":7}']);
    expect(data('shardId-000000000003')).toEqual(['{"n":5}']);
    const parent = byId['shardId-000000000000'];
    expect(parent.sequenceNumberRange.endingSequenceNumber).toMatch(/^\d+$/);
    expect(byId['shardId-000000000001'].sequenceNumberRange.endingSequenceNumber).toBeUndefined();
    expect(byId['shardId-000000000002']).toMatchObject({
      parentShardId: 'shardId-000000000000',
      hashKeyRange: { startingHashKey: '0', endingHashKey: (2n ** 126n - 1n).toString() },
    });
    expect(byId['shardId-000000000003']).toMatchObject({
      parentShardId: 'shardId-000000000000',
      hashKeyRange: { startingHashKey: QUARTER },
    });
    for (const shard of recording.shards) {
      for (const r of shard.records) {
        expect(new Date(r.approximateArrivalTimestamp).toISOString()).toBe(
          r.approximateArrivalTimestamp,
        );
        expect(r.partitionKey).toMatch(/^k\d$/);
      }
    }

    const file = join(dir, 'split-tree.json.gz');
    await saveRecording(recording, file);
    expect(await loadRecording(file)).toEqual(recording);
  });

  it('keeps data that is not UTF-8 as base64', async () => {
    const stream = 'binary';
    await createStream(stream, 1);
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: [{ Data: new Uint8Array([0xf3, 0x89, 0x9a, 0xff]), PartitionKey: 'b' }],
      }),
    );
    const recording = await recordStream({ client: kinesis, stream });
    expect(recording.shards[0].records[0]).toMatchObject({ data: '84ma/w==', encoding: 'base64' });
    expect(summarizeRecording(recording).undecodable).toBe(1);
  });

  it('rejects a missing stream with a RecordStreamError', async () => {
    const err = await recordStream({ client: kinesis, stream: 'no-such-stream' }).catch((e) => e);
    expect(err).toBeInstanceOf(RecordStreamError);
    expect(err).toMatchObject({ stream: 'no-such-stream', shardId: undefined });
    expect(err.message).toMatch(/listing the shards of stream "no-such-stream" failed/);
  });

  it('the CLI records into a file and inspects it', async () => {
    const stream = 'cli';
    await createStream(stream, 1);
    await put(stream, [
      { data: '{"type":"watermark","watermark":"2016-01-01T00:00:00Z"}', hashKey: '0' },
      { data: '{"type":"watermark","watermark":"+infinity"}', hashKey: '0' },
    ]);
    const file = join(dir, 'cli.json.gz');
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: { write: (s: string) => out.push(s) },
      err: { write: (s: string) => err.push(s) },
    };
    const argv = ['--kinesis-endpoint', stack.kinesis!, '--stream', stream, '--out', file];
    expect(await main(argv, io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ records: 2, watermarks: 2, trips: 0 });
    expect(err.join('')).toContain('| `shardId-000000000000` | - | open | 2 | 0 | 2 | yes |');
    out.length = 0;
    expect(await main(['--inspect', file], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ records: 2 });
  });
});

describe('recordStream (stubbed client)', () => {
  const shard = {
    ShardId: 'shardId-000000000000',
    HashKeyRange: { StartingHashKey: '0', EndingHashKey: '9' },
    SequenceNumberRange: { StartingSequenceNumber: '1' },
  };
  const record = (seq: string) => ({
    SequenceNumber: seq,
    ApproximateArrivalTimestamp: new Date(0),
    PartitionKey: 'p',
    Data: new TextEncoder().encode(seq),
  });

  it('backs off on throttling and reads on through empty pages that are behind the tip', async () => {
    const answers: Record<string, unknown[]> = {
      ListShardsCommand: [{ Shards: [shard] }],
      GetShardIteratorCommand: [{ ShardIterator: 'it' }],
      GetRecordsCommand: [
        Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }),
        { Records: [record('5')], NextShardIterator: 'it', MillisBehindLatest: 1000 },
        { Records: [], NextShardIterator: 'it', MillisBehindLatest: 500 },
        { Records: [record('7')], NextShardIterator: 'it', MillisBehindLatest: 0 },
        { Records: [], NextShardIterator: 'it', MillisBehindLatest: 0 },
      ],
    };
    const sleeps: number[] = [];
    const client = {
      send: async (command: object) => {
        const next = answers[command.constructor.name].shift();
        if (next instanceof Error) throw next;
        return next;
      },
    } as unknown as KinesisClient;
    const recording = await recordStream({
      client,
      stream: 's',
      retryBaseDelayMs: 10,
      emptyPollDelayMs: 3,
      now: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(recording.recordedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(recording.shards[0].records.map((r) => r.data)).toEqual(['5', '7']);
    expect(sleeps).toEqual([10, 3]);
  });

  it('validates its options', async () => {
    const client = { send: async () => ({}) } as unknown as KinesisClient;
    await expect(recordStream({ client, stream: '' })).rejects.toThrow(InvalidOptionError);
    await expect(recordStream({ client, stream: 's', limit: 0 })).rejects.toMatchObject({
      name: 'InvalidOptionError',
      field: 'limit',
      value: 0,
    });
    await expect(recordStream({ client: {} as KinesisClient, stream: 's' })).rejects.toMatchObject({
      field: 'client',
    });
  });
});

describe('loadRecording', () => {
  const valid = (): Recording => ({
    format: 'tripstream.recording',
    version: 1,
    stream: 's',
    recordedAt: '2026-01-01T00:00:00.000Z',
    shards: [
      {
        shardId: 'shardId-000000000000',
        hashKeyRange: { startingHashKey: '0', endingHashKey: '9' },
        sequenceNumberRange: { startingSequenceNumber: '1' },
        records: [
          {
            sequenceNumber: '2',
            approximateArrivalTimestamp: '2026-01-01T00:00:00.000Z',
            partitionKey: 'p',
            data: 'x',
          },
          {
            sequenceNumber: '3',
            approximateArrivalTimestamp: '2026-01-01T00:00:00.000Z',
            partitionKey: 'p',
            data: 'y',
          },
        ],
      },
    ],
  });

  it('reads plain JSON too', async () => {
    const file = join(dir, 'plain.json');
    await writeFile(file, JSON.stringify(valid()));
    expect(await loadRecording(file)).toEqual(valid());
  });

  it('writes the same bytes for the same recording', async () => {
    await saveRecording(valid(), join(dir, 'a.json.gz'));
    await saveRecording(valid(), join(dir, 'b.json.gz'));
    expect(await readFile(join(dir, 'a.json.gz'))).toEqual(await readFile(join(dir, 'b.json.gz')));
  });

  it.each([
    ['format', (r: any) => (r.format = 'other'), 'format'],
    ['version', (r: any) => (r.version = 2), 'version'],
    ['shards', (r: any) => (r.shards = {}), 'shards'],
    [
      'hash key',
      (r: any) => (r.shards[0].hashKeyRange.startingHashKey = 'x'),
      'shards[0].hashKeyRange.startingHashKey',
    ],
    [
      'sequence order',
      (r: any) => (r.shards[0].records[1].sequenceNumber = '2'),
      'shards[0].records[1].sequenceNumber',
    ],
    [
      'arrival time',
      (r: any) => (r.shards[0].records[0].approximateArrivalTimestamp = 'soon'),
      'shards[0].records[0].approximateArrivalTimestamp',
    ],
    ['data', (r: any) => (r.shards[0].records[0].data = 1), 'shards[0].records[0].data'],
    ['duplicate shard', (r: any) => r.shards.push(r.shards[0]), 'shards[1].shardId'],
  ])('rejects a bad %s with a RecordingFormatError naming it', async (_what, spoil, at) => {
    const r = valid();
    spoil(r);
    const file = join(dir, 'bad.json.gz');
    await writeFile(file, gzipSync(JSON.stringify(r)));
    const err = await loadRecording(file).catch((e) => e);
    expect(err).toBeInstanceOf(RecordingFormatError);
    expect(err).toMatchObject({ path: file, at });
  });

  it('rejects a file that is not JSON', async () => {
    const file = join(dir, 'garbage.json.gz');
    await writeFile(file, gzipSync('not json'));
    await expect(loadRecording(file)).rejects.toMatchObject({
      name: 'RecordingFormatError',
      at: '$',
    });
  });
});
