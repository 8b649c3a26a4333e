import type { TripEvent } from '@tripstream/trip-schema';
import {
  busyStreamFaults,
  seededRandom,
  startKinesisFaultProxy,
  type KinesisFaultProxy,
} from '@tripstream/test-support';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { loadTrips } from './support/job.js';
import { createStream, kinesisClient, readStream } from './support/kinesis.js';
import { assertAppsBuilt } from './support/paths.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary, startProcessor } from './support/processor.js';
import { startReplay } from './support/replay.js';
import { removeScenarioDirs, scenarioNames } from './support/scenario.js';
import { scenarioSeed } from './support/seeded-random.js';
import { killAllChildren } from './support/start-child.js';

const stack = inject('stack');
const kinesis = kinesisClient(stack.kinesis!);
let trips: TripEvent[];
let proxy: KinesisFaultProxy | undefined;

beforeAll(async () => {
  assertAppsBuilt();
  trips = await loadTrips('medium');
});
afterAll(async () => {
  await killAllChildren();
  await removeScenarioDirs();
  await proxy?.close();
  kinesis.destroy();
});

it('2 Kinesis throttling and 500s on puts and gets (proxy): nothing lost, nothing doubled', async () => {
  const seed = scenarioSeed();
  const { stream, prefix, dir } = await scenarioNames('throttle');
  await createStream(kinesis, stream, 4);
  // About 12% of PutRecords and GetRecords calls fail whole (8% throttled, 4% 500) and 15% of
  // the PutRecords that pass lose a quarter of their entries to per-entry throttling. The first
  // calls are scripted so every kind happens in every run.
  proxy = await startKinesisFaultProxy(
    stack.kinesis!,
    busyStreamFaults({
      random: seededRandom(seed),
      script: {
        PutRecords: ['throttle', 'partial', 'error', 'partial'],
        GetRecords: ['throttle', 'error', 'throttle'],
      },
    }),
  );
  const common = { stream, kinesis: proxy.endpoint, dir };
  const processor = startProcessor({ ...common, opensearch: stack.opensearch!, prefix });
  const replay = await startReplay(common).finished();
  const exit = await processor.waitForExit(180_000);
  expect(exit.code, processor.stderr()).toBe(0);
  const summary = await readProcessorSummary(processorFiles({ dir }).summaryFile);
  const injected = { ...proxy.stats };

  // Per-entry refusals really were not written, and the producer's retries wrote each trip once.
  const stored = await readStream(kinesis, stream);
  const storedTrips = stored.filter((r) => r.data.includes('"type":"trip"'));
  expect(storedTrips.length).toBe(trips.length);
  expect(new Set(storedTrips.map((r) => JSON.parse(r.data).trip_id)).size).toBe(trips.length);
  expect(injected.throttledCalls).toBeGreaterThan(0);
  expect(injected.failedCalls).toBeGreaterThan(0);
  expect(injected.throttledEntries).toBeGreaterThan(0);
  expect(replay.trips).toBe(trips.length);
  expect(replay.throttles).toBeGreaterThan(0);
  expect(summary.trips).toBe(trips.length);
  expect(summary.records).toBe(stored.length);
  expect(summary.late).toBe(0);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  const puts = injected.byOperation.PutRecords;
  const gets = injected.byOperation.GetRecords;
  printFigures(
    '2 Kinesis throttling',
    {
      trips: replay.trips,
      records: summary.records,
      retries: replay.retries + summary.sink.retries,
      throttles: replay.throttles + gets.throttled,
      restarts: 0,
      documents: docs.documents,
    },
    {
      seed,
      PutRecords: `${puts.calls} calls, ${puts.throttled} x 400, ${puts.failed} x 500, ${injected.partialCalls} partial (${injected.throttledEntries} entries refused)`,
      GetRecords: `${gets.calls} calls, ${gets.throttled} x 400, ${gets.failed} x 500`,
    },
  );
});
