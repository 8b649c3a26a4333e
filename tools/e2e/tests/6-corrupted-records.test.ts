import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { readStream } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';
import { scenarioSeed, seededRandom } from './support/seeded-random.js';

const file = scenarioFile();
const { stack, kinesis } = file;

/** Kinds of garbage a stream meets: not JSON, wrong shapes, truncation, bytes that are not text. */
function garbage(i: number, random: () => number): Uint8Array {
  const kinds = [
    () => `{"type":"trip","trip_id":${i},"pickup_datetime":`,
    () => `not json at all #${i}`,
    () => JSON.stringify({ type: 'trip', trip_id: `t${i}` }),
    () => JSON.stringify({ type: 'watermark', watermark: 'yesterday' }),
    () => JSON.stringify([i, 'array']),
    () => 'null',
  ];
  if (i % 7 === 6) return Uint8Array.from({ length: 24 }, () => Math.floor(random() * 256));
  return new TextEncoder().encode(kinds[i % kinds.length]());
}

it('6 1% corrupted records: counted, dead-lettered with their position, the rest exact', async () => {
  const seed = scenarioSeed();
  const random = seededRandom(seed);
  const trips = file.trips;
  const scenario = await file.scenario('corrupt');
  const { stream, prefix, dir } = scenario;
  const processor = scenario.processor();
  // Paced (about 16 s): the garbage must enter the stream before the end-of-stream watermark.
  const replay = scenario.replay({ speedup: 200 });
  await replay.child.waitForStderr(/replay: [1-9]\d* trips/, 60_000);
  // The replay drops bad input lines itself, so garbage enters the stream beside it: about 1%
  // of the trips, in small batches over random shards, once the replay's trips are flowing.
  const corrupt = Math.round(trips.length / 100);
  const written: string[] = [];
  for (let i = 0; i < corrupt; i += 10) {
    const batch = Array.from({ length: Math.min(10, corrupt - i) }, (_, j) =>
      garbage(i + j, random),
    );
    const res = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: batch.map((data) => ({ Data: data, PartitionKey: String(random()) })),
      }),
    );
    expect(res.FailedRecordCount ?? 0).toBe(0);
    for (const r of res.Records ?? []) written.push(`${r.ShardId}/${r.SequenceNumber}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(replay.child.done(), 'the garbage was written while the replay ran').toBe(false);
  const replayed = await replay.finished();
  const exit = await processor.waitForExit(180_000);
  expect(exit.code, processor.stderr()).toBe(0);
  const files = processorFiles({ dir });
  const summary = await readProcessorSummary(files.summaryFile);
  const letters = (await readFile(files.deadLetterFile, 'utf8'))
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { kind: string; input: string; position: string; reason: string });
  const undecodable = letters.filter((l) => l.kind === 'undecodable');
  const stored = await readStream(kinesis, stream);

  expect(written.length).toBe(corrupt);
  expect(summary.undecodable).toBe(corrupt);
  expect(summary.deadLetters).toBe(corrupt);
  // Each dead letter names the shard and sequence number the garbage was written at, and why.
  expect(undecodable.map((l) => `${l.input}/${l.position}`).sort()).toEqual([...written].sort());
  for (const l of undecodable) expect(l.reason.length).toBeGreaterThan(0);
  expect(letters.length).toBe(corrupt);
  expect(summary.trips).toBe(trips.length);
  expect(summary.records).toBe(stored.length);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  printFigures(
    '6 corrupted records',
    {
      trips: replayed.trips,
      records: summary.records,
      retries: replayed.retries + summary.sink.retries,
      throttles: replayed.throttles,
      restarts: 0,
      documents: docs.documents,
    },
    {
      seed,
      corrupted: `${corrupt} (${((100 * corrupt) / (corrupt + replayed.trips)).toFixed(2)}%, over ${new Set(written.map((w) => w.split('/')[0])).size} shards)`,
      undecodable: summary.undecodable,
      'dead letters': summary.deadLetters,
    },
  );
});
