import { eventTimeOf, type TripEvent } from '@tripstream/trip-schema';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { JOB, expectedDocuments, loadTrips } from './support/job.js';
import { createStream, kinesisClient, readStream } from './support/kinesis.js';
import { assertAppsBuilt } from './support/paths.js';
import { printFigures } from './support/print-figures.js';
import { readProcessorMetrics } from './support/processor-metrics.js';
import { processorFiles, readProcessorSummary, startProcessor } from './support/processor.js';
import { startReplay } from './support/replay.js';
import { removeScenarioDirs, scenarioNames } from './support/scenario.js';
import { scenarioSeed, seededRandom } from './support/seeded-random.js';
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
  const windowMs = JOB.windowMs!;
  const { stream, prefix, dir } = await scenarioNames('reseek');
  await createStream(kinesis, stream, 4);
  const common = { stream, kinesis: stack.kinesis!, dir };
  const job1 = startProcessor({
    ...common,
    name: 'job-1',
    opensearch: stack.opensearch!,
    prefix,
    exitAtEnd: false,
    // Silent shards must not be declared idle while the test looks at them.
    extra: ['--metrics-port', '0', '--idle-timeout', '10m'],
  });
  const metricsUrl = (
    await job1.waitForStderr(/metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/, 60_000)
  )[1];
  // Paced (about 20 s) so the kill falls mid-run, with several windows fired before it.
  const killed = startReplay({ ...common, name: 'replay-killed', speedup: 160 });
  await job1.waitForStderr(/checkpoint \d+ \(watermark 2013-/, 60_000);
  const killDelay = 4_000 + Math.floor(random() * 6_000);
  await new Promise((r) => setTimeout(r, killDelay));
  expect(killed.child.done(), 'the replay was still running when killed').toBe(false);
  killed.child.kill('SIGKILL');
  expect((await killed.child.exited).signal).toBe('SIGKILL');

  // What the killed replay left: its records, and per shard the last watermark it wrote.
  const leftover = await readStream(kinesis, stream);
  const lastWatermark = new Map<string, number>();
  for (const r of leftover) {
    const event = JSON.parse(r.data) as { type: string; watermark?: string };
    if (event.type === 'watermark') lastWatermark.set(r.shardId, Date.parse(event.watermark!));
  }
  expect(lastWatermark.size, 'every shard got a watermark before the kill').toBe(4);
  const watermark = Math.min(...lastWatermark.values());
  const tripsWritten = leftover.filter((r) => r.data.includes('"type":"trip"')).length;

  // Job 1 catches up with the stream (bounded), then stops gracefully (SIGTERM: flush, exit 0).
  let metrics: Record<string, number> = {};
  for (let i = 0; i < 300; i++) {
    metrics = await readProcessorMetrics(metricsUrl);
    // The watermark gauge is in seconds (Prometheus base unit); compare in whole milliseconds.
    const watermarkMs = Math.round(metrics.watermark_seconds * 1000);
    if (metrics.records_total === leftover.length && watermarkMs === watermark) break;
    await new Promise((r) => setTimeout(r, 200));
  }
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
  const resumed = await startReplay({
    ...common,
    name: 'replay-resumed',
    seek: new Date(seek).toISOString(),
  }).finished();
  const job2 = startProcessor({
    ...common,
    name: 'job-2',
    opensearch: stack.opensearch!,
    prefix,
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
