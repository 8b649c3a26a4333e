import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { readStream } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { superviseProcessor } from './support/processor.js';
import { scenarioFile } from './support/scenario-file.js';
import { scenarioSeed, seededRandom } from './support/seeded-random.js';

const file = scenarioFile();
const { stack, kinesis } = file;

it('1 processor killed with SIGKILL three times, restarted from its checkpoint each time', async () => {
  const seed = scenarioSeed();
  const random = seededRandom(seed);
  const trips = file.trips;
  const scenario = await file.scenario('kill9');
  const { stream, prefix, dir } = scenario;
  // Paced so the stream is still being written while the processor dies three times (a run
  // cannot end before the replay's end-of-stream watermark): 54 minutes of event time in about
  // 32 s, a window firing every 6 s.
  const replay = scenario.replay({ speedup: 100 });
  const kills: number[] = [];
  const { runs, restarts, summary } = await superviseProcessor(
    { stream, kinesis: stack.kinesis!, opensearch: stack.opensearch!, prefix, dir },
    {
      maxRuns: 6,
      timeoutMs: 240_000,
      onRun: (child, run) => {
        if (run >= 3) return;
        // A random point after this run wrote (or restored and then wrote) a checkpoint.
        const delay = Math.floor(random() * 2_000);
        child.waitForStderr(/checkpoint \d+ \(/, 120_000).then(
          () =>
            setTimeout(() => {
              if (!child.done()) {
                kills.push(delay);
                child.kill('SIGKILL');
              }
            }, delay),
          () => {},
        );
      },
    },
  );
  const replayed = await replay.finished();

  expect(kills.length, 'every kill hit a running processor').toBe(3);
  expect(runs.slice(0, 3).map((r) => r.exit.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
  for (const r of runs.slice(1)) expect(r.stderr).toMatch(/restored checkpoint \d+/);
  expect(summary.restoredFrom).toBeGreaterThan(0);
  expect(summary.watermark).toBe('+infinity');
  // The counters travel in the checkpoint with the positions: after three kills they still count
  // every record of the stream exactly once.
  expect(summary.trips).toBe(trips.length);
  expect(summary.records).toBe((await readStream(kinesis, stream)).length);
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);
  printFigures(
    '1 processor SIGKILLed x3',
    {
      trips: replayed.trips,
      records: summary.records,
      retries: replayed.retries + summary.sink.retries,
      throttles: replayed.throttles,
      restarts,
      documents: docs.documents,
    },
    {
      seed,
      'kill delays after a checkpoint ms': kills.join('/'),
      checkpoints: summary.checkpoints,
    },
  );
});
