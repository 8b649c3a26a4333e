import {
  busyStreamFaults,
  seededRandom,
  startKinesisFaultProxy,
  type KinesisFaultProxy,
} from '@tripstream/test-support';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { readStream } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';
import { scenarioSeed } from './support/seeded-random.js';

let proxy: KinesisFaultProxy | undefined;
const file = scenarioFile(() => proxy?.close());
const { stack, kinesis } = file;

it('2 Kinesis throttling and 500s on puts and gets (proxy): nothing lost, nothing doubled', async () => {
  const seed = scenarioSeed();
  const trips = file.trips;
  const scenario = await file.scenario('throttle');
  const { stream, prefix, dir } = scenario;
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
  // Both the replay and the processor go through the proxy.
  const processor = scenario.processor({ kinesis: proxy.endpoint });
  const replay = await scenario.replay({ kinesis: proxy.endpoint }).finished();
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
