import { MergeShardsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { listShards, readStream, waitForActive } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';

const file = scenarioFile();
const { stack, kinesis } = file;

it('5 SplitShard and MergeShards while replaying: parents before children, nothing lost', async () => {
  const trips = file.trips;
  const scenario = await file.scenario('reshard');
  const { stream, prefix, dir } = scenario;
  const processor = scenario.processor();
  // Paced (about 25 s), so both operations happen while trips are still being written.
  const replay = scenario.replay({ speedup: 130 });
  // Trips are flowing once the processor checkpoints a watermark of the fixture's day.
  await processor.waitForStderr(/checkpoint \d+ \(watermark 2013-/, 60_000);

  const before = await listShards(kinesis, stream);
  const first = before[0];
  const start = BigInt(first.HashKeyRange!.StartingHashKey!);
  const end = BigInt(first.HashKeyRange!.EndingHashKey!);
  const splitWhileReplaying = !replay.child.done();
  await kinesis.send(
    new SplitShardCommand({
      StreamName: stream,
      ShardToSplit: first.ShardId!,
      NewStartingHashKey: String((start + end + 1n) / 2n),
    }),
  );
  await waitForActive(kinesis, stream);
  await new Promise((r) => setTimeout(r, 4_000));
  // The two shards covering the upper half of the key space are adjacent: merge them.
  const [lower, upper] = before.slice(2, 4);
  const mergeWhileReplaying = !replay.child.done();
  await kinesis.send(
    new MergeShardsCommand({
      StreamName: stream,
      ShardToMerge: lower.ShardId!,
      AdjacentShardToMerge: upper.ShardId!,
    }),
  );
  await waitForActive(kinesis, stream);

  const replayed = await replay.finished();
  const exit = await processor.waitForExit(180_000);
  expect(exit.code, processor.stderr()).toBe(0);
  const summary = await readProcessorSummary(processorFiles({ dir }).summaryFile);
  const after = await listShards(kinesis, stream);
  const closed = after.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber !== undefined);
  const stored = await readStream(kinesis, stream);
  const children = after.filter((s) => s.ParentShardId !== undefined);

  expect(splitWhileReplaying && mergeWhileReplaying, 'both reshards during the replay').toBe(true);
  expect(after.length).toBe(7); // 4 + 2 children of the split + 1 child of the merge
  expect(closed.length).toBe(3);
  // The children were written to, and got watermarks too.
  for (const child of children) {
    const records = stored.filter((r) => r.shardId === child.ShardId);
    expect(
      records.some((r) => r.data.includes('"type":"trip"')),
      child.ShardId,
    ).toBe(true);
    expect(
      records.some((r) => r.data.includes('"type":"watermark"')),
      child.ShardId,
    ).toBe(true);
  }
  expect(summary.trips).toBe(trips.length);
  expect(summary.records).toBe(stored.length);
  expect(summary.late).toBe(0);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  printFigures(
    '5 SplitShard + MergeShards',
    {
      trips: replayed.trips,
      records: summary.records,
      retries: replayed.retries + summary.sink.retries,
      throttles: replayed.throttles,
      restarts: 0,
      documents: docs.documents,
    },
    {
      shards: `${before.length} -> ${after.length - closed.length} open, ${closed.length} closed`,
      'records in child shards': stored.filter((r) => children.some((c) => c.ShardId === r.shardId))
        .length,
    },
  );
});
