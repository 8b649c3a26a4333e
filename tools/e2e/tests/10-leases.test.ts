import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SplitShardCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { LeaseTable, SHARD_END, type Lease } from '@tripstream/kinesis-leases';
import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { s3rverClient } from '@tripstream/test-support';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { listShards, waitForActive } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';
import { type ChildHandle } from './support/start-child.js';

const file = scenarioFile(async () => {
  dynamodb.destroy();
  s3.destroy();
});
const { stack, kinesis } = file;
const dynamodb = new DynamoDBClient({
  endpoint: stack.dynamodb,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const s3 = s3rverClient(stack.s3);
const bucket = 'e2e-lease-state';

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => {});
});

interface LeasedSummary {
  workerId: string;
  shardsProcessed: string[];
  leases: { taken: number; stolen: number; lost: number; released: number };
  records: number;
  partsWritten: number;
}

it('10 three leased processors on random partition keys, one SIGKILLed, one late, a SplitShard: exact', async () => {
  const trips = file.trips;
  const scenario = await file.scenario('leases');
  const { stream, prefix, dir } = scenario;
  const tableName = `${stream}-leases`;
  const worker = (name: string): ChildHandle =>
    scenario.processor({
      name,
      checkpoints: false,
      extra: [
        ...['--lease-table', tableName, '--dynamodb-endpoint', stack.dynamodb!],
        ...[
          '--worker-id',
          name,
          '--state-uri',
          `s3://${bucket}/${stream}`,
          '--s3-endpoint',
          stack.s3!,
        ],
        ...['--failover-time', '10s', '--take-interval', '2s', '--checkpoint-interval', '2s'],
        ...['--read-calls-per-shard', '20', '--poll-interval', '100ms'],
      ],
    });

  const a = worker('a');
  const b = worker('b');
  // Paced (about 25 s) and keyed at random: every cell's trips land on every shard.
  const replay = scenario.replay({ speedup: 130, extra: ['--partition-key', 'random'] });
  const table = new LeaseTable({ client: dynamodb, tableName });
  const snapshots: Lease[][] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      snapshots.push(await table.listLeases().catch(() => []));
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  // b holds leases and has read some of them before it dies without a word.
  await b.waitForStderr(/took shardId/, 90_000);
  await b.waitForStderr(/took shardId/, 90_000);
  await new Promise((r) => setTimeout(r, 4_000));
  const bHeld = (await table.listLeases())
    .filter((l) => l.leaseOwner === 'b')
    .map((l) => l.leaseKey);
  expect(bHeld.length, 'b holds leases when it is killed').toBeGreaterThan(0);
  const killedAt = Date.now();
  b.kill('SIGKILL');
  const c = worker('c'); // starts late, takes its share by balancing

  // SplitShard while the replay still writes: parents are read to SHARD_END before children.
  const [first] = await listShards(kinesis, stream);
  const lo = BigInt(first.HashKeyRange!.StartingHashKey!);
  const hi = BigInt(first.HashKeyRange!.EndingHashKey!);
  const splitWhileReplaying = !replay.child.done();
  await kinesis.send(
    new SplitShardCommand({
      StreamName: stream,
      ShardToSplit: first.ShardId!,
      NewStartingHashKey: String((lo + hi + 1n) / 2n),
    }),
  );
  await waitForActive(kinesis, stream);

  // Failover: from the kill to another worker taking b's first lease (it resumes from b's checkpoint).
  const takeover = new RegExp(`took (${bHeld.join('|')}) from b`);
  await Promise.any([a.waitForStderr(takeover, 60_000), c.waitForStderr(takeover, 60_000)]);
  const failoverMs = Date.now() - killedAt;

  const replayed = await replay.finished();
  const [exitA, exitC] = await Promise.all([a.waitForExit(400_000), c.waitForExit(400_000)]);
  polling = false;
  await poll;
  expect(exitA.code, a.stderr()).toBe(0);
  expect(exitC.code, c.stderr()).toBe(0);
  expect(splitWhileReplaying, 'the split happened during the replay').toBe(true);

  const counts = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  const summaries = await Promise.all(
    ['a', 'c'].map(
      async (name) =>
        JSON.parse(
          await readFile(processorFiles({ dir, name }).summaryFile, 'utf8'),
        ) as LeasedSummary,
    ),
  );
  const shards = (await listShards(kinesis, stream)).map((s) => s.ShardId!).sort();
  expect(shards).toHaveLength(6);
  const processed = new Set(summaries.flatMap((s) => s.shardsProcessed));
  for (const id of shards) expect(processed.has(id) || bHeld.includes(id), id).toBe(true);
  const final = await table.listLeases();
  expect(final.every((l) => l.checkpoint === SHARD_END || l.endOfInput)).toBe(true);
  expect(
    final.every((l) => l.leaseOwner === undefined),
    'leases handed back at exit',
  ).toBe(true);

  // Even spread: in the last snapshot where both survivors held leases, open leases differ by <= 1.
  const spread = snapshots
    .map((snap) => {
      const owners: Record<string, number> = {};
      for (const l of snap) {
        if (l.checkpoint !== SHARD_END && l.leaseOwner)
          owners[l.leaseOwner] = (owners[l.leaseOwner] ?? 0) + 1;
      }
      return owners;
    })
    .filter((o) => o.a !== undefined && o.c !== undefined && o.b === undefined)
    .at(-1);
  expect(spread, 'a snapshot with both survivors holding leases').toBeDefined();
  expect(Math.abs(spread!.a - spread!.c)).toBeLessThanOrEqual(1);

  printFigures(
    '10 leases',
    {
      trips: replayed.trips,
      records: summaries.reduce((t, s) => t + s.records, 0),
      retries: 0,
      throttles: 0,
      restarts: 0,
      documents: counts.documents,
    },
    {
      failoverMs,
      partsWritten: summaries.reduce((t, s) => t + s.partsWritten, 0),
      spread: JSON.stringify(spread),
      taken: summaries.map((s) => `${s.workerId}:${s.leases.taken}/${s.leases.stolen}`).join(' '),
    },
  );
}, 600_000);
