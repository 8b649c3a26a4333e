import { eventTimeOf } from '@tripstream/trip-schema';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { JOB, expectedDocuments } from './support/job.js';
import { readStream } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary } from './support/processor.js';
import {
  killReplayMidRun,
  lastWatermarks,
  scenarioFile,
  startWatchedProcessor,
  waitForMetrics,
} from './support/scenario-file.js';
import { scenarioSeed, seededRandom } from './support/seeded-random.js';

const file = scenarioFile();
const { stack, kinesis } = file;

/*
 * Why two processor jobs. A replay resumed with --seek sends again every trip from the seek point
 * on, and the killed replay had already written some of those (all it had acknowledged after its
 * last watermark, plus whatever was in flight). A processor reading both copies would count those
 * trips twice in windows that are still open: deterministic ids collapse documents, not trips.
 * So the recovery is done at window granularity:
 *  - job 1 (live during the killed replay) is stopped once it has read everything; it has fired
 *    exactly the windows that end at or before the last watermark W, and those are complete,
 *    because the replay's watermark W promises every trip <= W was acknowledged;
 *  - the replay resumes with --seek at a window boundary not after W (one window earlier than
 *    needed, so one window is computed twice);
 *  - job 2 reads only what the resumed replay wrote (--start-position at-timestamp:<its start>)
 *    and fires every window from the seek point on, each complete.
 * The union of both jobs' documents is the batch result; the window both computed collapses
 * through its ids.
 */
it('7 replay killed and resumed with --seek: the union is complete, the overlap collapses', async () => {
  const seed = scenarioSeed();
  const random = seededRandom(seed);
  const trips = file.trips;
  const windowMs = JOB.windowMs!;
  const scenario = await file.scenario('reseek');
  const { stream, prefix, dir } = scenario;
  const { processor: job1, metricsUrl } = await startWatchedProcessor(scenario, { name: 'job-1' });
  // The kill falls mid-run, with several windows fired before it.
  const killDelay = await killReplayMidRun(scenario, job1, { random, minMs: 4_000, spanMs: 6_000 });

  // What the killed replay left: its records, and per shard the last watermark it wrote.
  const leftover = await readStream(kinesis, stream);
  const lastWatermark = lastWatermarks(leftover);
  expect(lastWatermark.size, 'every shard got a watermark before the kill').toBe(4);
  const watermark = Math.min(...lastWatermark.values());
  const tripsWritten = leftover.filter((r) => r.data.includes('"type":"trip"')).length;

  // Job 1 catches up with the stream (bounded), then stops gracefully (SIGTERM: flush, exit 0).
  // The watermark gauge is in seconds (Prometheus base unit); compare in whole milliseconds.
  const metrics = await waitForMetrics(
    metricsUrl,
    (m) =>
      m.records_total === leftover.length && Math.round(m.watermark_seconds * 1000) === watermark,
  );
  expect(metrics.records_total).toBe(leftover.length);
  expect(Math.round(metrics.watermark_seconds * 1000)).toBe(watermark);
  job1.kill('SIGTERM');
  expect((await job1.waitForExit(60_000)).code, job1.stderr()).toBe(0);
  const summary1 = await readProcessorSummary(processorFiles({ dir, name: 'job-1' }).summaryFile);
  expect(summary1.records).toBe(leftover.length);
  const firstOpen = Math.floor((watermark + 1) / windowMs) * windowMs;
  // Job 1's documents are exactly the batch result of the windows before the first open one.
  await expectIndicesEqualBatch(
    stack.opensearch!,
    prefix,
    trips.filter((t) => eventTimeOf(t) < firstOpen),
  );

  const seek = firstOpen - windowMs;
  const resumedAt = Date.now();
  await new Promise((r) => setTimeout(r, 50));
  const resumed = await scenario
    .replay({
      name: 'replay-resumed',
      seek: new Date(seek).toISOString(),
    })
    .finished();
  const job2 = scenario.processor({
    name: 'job-2',
    extra: ['--start-position', `at-timestamp:${new Date(resumedAt).toISOString()}`],
  });
  expect((await job2.waitForExit(180_000)).code, job2.stderr()).toBe(0);
  const summary2 = await readProcessorSummary(processorFiles({ dir, name: 'job-2' }).summaryFile);

  const resent = trips.filter((t) => eventTimeOf(t) >= seek).length;
  expect(resumed.trips).toBe(resent);
  expect(resumed.skippedBySeek).toBe(trips.length - resent);
  expect(summary2.trips).toBe(resent);
  expect(summary2.late).toBe(0);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  // Both jobs fired the window [seek, firstOpen); its documents collapsed onto the same ids.
  const overlap = [
    ...expectedDocuments(
      trips.filter((t) => eventTimeOf(t) >= seek && eventTimeOf(t) < firstOpen),
    ).values(),
  ].reduce((n, m) => n + m.size, 0);
  expect(overlap).toBeGreaterThan(0);
  expect(summary1.documents + summary2.documents).toBe(docs.documents + overlap);
  printFigures(
    '7 replay SIGKILLed, resumed with --seek',
    {
      trips: tripsWritten + resumed.trips,
      records: summary1.records + summary2.records,
      retries: resumed.retries + summary1.sink.retries + summary2.sink.retries,
      throttles: resumed.throttles,
      restarts: 1,
      documents: docs.documents,
    },
    {
      seed,
      'killed after ms': killDelay,
      'trips before the kill': tripsWritten,
      'last watermark': new Date(watermark).toISOString(),
      seek: new Date(seek).toISOString(),
      'trips resent': resumed.trips,
      'trips sent twice': tripsWritten + resumed.trips - trips.length,
      'documents of job 1': summary1.documents,
      'documents of job 2': summary2.documents,
      'documents collapsed': overlap,
    },
  );
});
