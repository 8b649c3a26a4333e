import type { TripEvent } from '@tripstream/trip-schema';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { loadTrips } from './support/job.js';
import { createStream, kinesisClient } from './support/kinesis.js';
import { assertAppsBuilt } from './support/paths.js';
import { printFigures } from './support/print-figures.js';
import { readProcessorSummary, processorFiles, startProcessor } from './support/processor.js';
import { startReplay } from './support/replay.js';
import { removeScenarioDirs, scenarioNames } from './support/scenario.js';
import { killAllChildren } from './support/start-child.js';

const stack = inject('stack');
const kinesis = kinesisClient(stack.kinesis!);
let trips: TripEvent[];

beforeAll(async () => {
  assertAppsBuilt();
  trips = await loadTrips('medium');
});
afterAll(async () => {
  await killAllChildren();
  await removeScenarioDirs();
  kinesis.destroy();
});

it('0 baseline: replay -> Kinesis -> processor -> OpenSearch equals the batch computation', async () => {
  const { stream, prefix, dir } = await scenarioNames('baseline');
  await createStream(kinesis, stream, 4);
  const common = { stream, kinesis: stack.kinesis!, dir };
  // Live, as in production: the processor reads while the replay writes.
  const processor = startProcessor({ ...common, opensearch: stack.opensearch!, prefix });
  const replay = await startReplay(common).finished();
  const exit = await processor.waitForExit(120_000);
  expect(exit.code, processor.stderr()).toBe(0);
  const summary = await readProcessorSummary(processorFiles({ dir }).summaryFile);
  console.log(processor.stderr());

  expect(replay.trips).toBe(trips.length);
  expect(summary.trips).toBe(trips.length);
  expect(summary.undecodable).toBe(0);
  expect(summary.late).toBe(0);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  printFigures(
    '0 baseline',
    {
      trips: replay.trips,
      records: summary.records,
      retries: replay.retries + summary.sink.retries,
      throttles: replay.throttles,
      restarts: 0,
      documents: docs.documents,
    },
    {
      watermarks: summary.watermarkEvents,
      pickup_count: docs.pickup_count,
      trip_duration: docs.trip_duration,
      'replay s': (replay.elapsedMs / 1000).toFixed(1),
    },
  );
});
