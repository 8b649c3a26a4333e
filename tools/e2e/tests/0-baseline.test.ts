import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { printFigures } from './support/print-figures.js';
import { readProcessorSummary, processorFiles } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';

const file = scenarioFile();
const { stack } = file;

it('0 baseline: replay -> Kinesis -> processor -> OpenSearch equals the batch computation', async () => {
  const trips = file.trips;
  const scenario = await file.scenario('baseline');
  const { prefix, dir } = scenario;
  // Live, as in production: the processor reads while the replay writes.
  const processor = scenario.processor();
  const replay = await scenario.replay().finished();
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
