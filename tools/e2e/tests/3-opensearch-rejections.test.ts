import {
  busyClusterFaults,
  seededRandom,
  startOpenSearchFaultProxy,
  type OpenSearchFaultProxy,
} from '@tripstream/test-support';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';
import { scenarioSeed } from './support/seeded-random.js';

let proxy: OpenSearchFaultProxy | undefined;
const file = scenarioFile(() => proxy?.close());
const { stack } = file;

it('3 OpenSearch 429s, 503s and partial bulk failures (proxy): every document once, as computed', async () => {
  const seed = scenarioSeed();
  const trips = file.trips;
  const scenario = await file.scenario('bulk');
  const { prefix, dir } = scenario;
  // 10% of bulk requests answered 429 and 5% 503 whole; 20% of the others index only part of
  // their documents and answer the rest with a per-item 429 es_rejected_execution_exception.
  const faults = busyClusterFaults({
    random: seededRandom(seed),
    tooManyShare: 0.1,
    unavailableShare: 0.05,
    partialShare: 0.2,
    partialItemShare: 0.3,
    script: ['too-many', 'partial', 'unavailable', 'partial'],
  });
  proxy = await startOpenSearchFaultProxy(stack.opensearch!, faults.plan);
  const processor = scenario.processor({ opensearch: proxy.endpoint });
  const replay = await scenario.replay().finished();
  const exit = await processor.waitForExit(180_000);
  expect(exit.code, processor.stderr()).toBe(0);
  const summary = await readProcessorSummary(processorFiles({ dir }).summaryFile);
  const injected = { ...faults.stats };

  expect(injected.tooMany).toBeGreaterThan(0);
  expect(injected.unavailable).toBeGreaterThan(0);
  expect(injected.itemsRefused).toBeGreaterThan(0);
  expect(summary.trips).toBe(trips.length);
  // Retryable rejections are retried, never dead-lettered.
  expect(summary.sink.deadLettered).toBe(0);
  expect(summary.sink.retries).toBeGreaterThan(0);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  printFigures(
    '3 OpenSearch 429/503/partial bulk',
    {
      trips: replay.trips,
      records: summary.records,
      retries: replay.retries + summary.sink.retries,
      throttles: replay.throttles + injected.tooMany + injected.itemsRefused,
      restarts: 0,
      documents: docs.documents,
    },
    {
      seed,
      _bulk: `${injected.bulkRequests} requests, ${injected.tooMany} x 429, ${injected.unavailable} x 503, ${injected.partialRequests} partial (${injected.itemsRefused} items refused)`,
    },
  );
});
