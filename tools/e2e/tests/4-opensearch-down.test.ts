import { startOpenSearchFaultProxy, type OpenSearchFaultProxy } from '@tripstream/test-support';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { printFigures } from './support/print-figures.js';
import { superviseProcessor } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';

let proxy: OpenSearchFaultProxy | undefined;
const file = scenarioFile(() => proxy?.close());
const { stack } = file;

it('4 OpenSearch down for 20 s mid-run: the processor rides it out (or restarts from its checkpoint)', async () => {
  const trips = file.trips;
  const scenario = await file.scenario('osdown');
  const { stream, prefix, dir } = scenario;
  proxy = await startOpenSearchFaultProxy(stack.opensearch!);
  // Paced (about 25 s) so the outage falls in the middle: windows keep firing while it lasts.
  const replay = scenario.replay({ speedup: 130 });
  const supervised = superviseProcessor(
    { stream, kinesis: stack.kinesis!, opensearch: proxy.endpoint, prefix, dir },
    { maxRuns: 5, timeoutMs: 240_000 },
  );
  // Down once the sink has written its first documents, i.e. mid-run.
  const outage = proxy.firstBulk.then(async () => {
    const started = Date.now();
    const replayRunning = !replay.child.done();
    await proxy!.down();
    await sleep(20_000);
    await proxy!.up();
    return { ms: Date.now() - started, replayRunning };
  });
  const { runs, restarts, summary } = await supervised;
  const replayed = await replay.finished();
  const down = await outage;

  expect(down.replayRunning, 'the outage began while the replay was running').toBe(true);
  expect(down.ms).toBeGreaterThanOrEqual(20_000);
  // A run may end only by giving up on OpenSearch (exit 1, after its bulk retries ran out).
  for (const r of runs.slice(0, -1)) expect(r.exit.code, r.stderr).toBe(1);
  for (const r of runs.slice(1)) expect(r.stderr).toMatch(/restored checkpoint \d+/);
  expect(summary.trips).toBe(trips.length);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  printFigures(
    '4 OpenSearch down 20 s',
    {
      trips: replayed.trips,
      records: summary.records,
      // The sink's retries of the last run only: a run that gave up took its figures along.
      retries: replayed.retries + summary.sink.retries,
      throttles: replayed.throttles,
      restarts,
      documents: docs.documents,
    },
    {
      'outage s': (down.ms / 1000).toFixed(1),
      'connections cut': proxy.connectionsCut,
      ...Object.fromEntries(
        runs
          .slice(0, -1)
          .map((r, i) => [`run ${i + 1}`, /processor: failed: (.*)/.exec(r.stderr)?.[1] ?? '?']),
      ),
    },
  );
});
