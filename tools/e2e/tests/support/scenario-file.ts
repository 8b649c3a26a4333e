import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { TripEvent } from '@tripstream/trip-schema';
import { afterAll, beforeAll, expect, inject, type ProvidedContext } from 'vitest';
import { loadTrips } from './job.js';
import { createStream, kinesisClient, type StoredRecord } from './kinesis.js';
import { assertAppsBuilt } from './paths.js';
import { readProcessorMetrics } from './processor-metrics.js';
import { startProcessor, type ProcessorOptions } from './processor.js';
import { startReplay, type ReplayOptions, type ReplayRun } from './replay.js';
import { removeScenarioDirs, scenarioNames } from './scenario.js';
import { killAllChildren, type ChildHandle } from './start-child.js';

/** One scenario: its own stream, index prefix and scratch folder on the shared stack. */
export interface Scenario {
  readonly stream: string;
  readonly prefix: string;
  readonly dir: string;
  /** What every replay and processor of the scenario is given. */
  readonly common: { stream: string; kinesis: string; dir: string };
  /** A processor on this scenario's stream, writing to the stack's OpenSearch under `prefix`. */
  processor(options?: Partial<ProcessorOptions>): ChildHandle;
  /** A replay of the medium fixture into this scenario's stream. */
  replay(options?: Partial<ReplayOptions>): ReplayRun;
}

/** What the scenarios of one test file share. */
export interface ScenarioFile {
  readonly stack: ProvidedContext['stack'];
  readonly kinesis: KinesisClient;
  /** The medium fixture's trips, loaded before the file's tests run. */
  readonly trips: TripEvent[];
  /** A new scenario on a fresh stream of `shards` shards (default 4). */
  scenario(slug: string, shards?: number): Promise<Scenario>;
}

/**
 * Sets up an e2e test file: checks the apps are built, loads the medium fixture, and afterwards
 * kills every child, removes the scratch folders and closes the clients (`cleanup` runs first, for
 * what the file opened itself).
 */
export function scenarioFile(cleanup?: () => unknown): ScenarioFile {
  const stack = inject('stack');
  const kinesis = kinesisClient(stack.kinesis!);
  let trips: TripEvent[] = [];
  beforeAll(async () => {
    assertAppsBuilt();
    trips = await loadTrips('medium');
  });
  afterAll(async () => {
    await killAllChildren();
    await cleanup?.();
    await removeScenarioDirs();
    kinesis.destroy();
  });
  return {
    stack,
    kinesis,
    get trips() {
      return trips;
    },
    async scenario(slug, shards = 4) {
      const { stream, prefix, dir } = await scenarioNames(slug);
      await createStream(kinesis, stream, shards);
      const common = { stream, kinesis: stack.kinesis!, dir };
      return {
        stream,
        prefix,
        dir,
        common,
        processor: (o = {}) =>
          startProcessor({ ...common, opensearch: stack.opensearch!, prefix, ...o }),
        replay: (o = {}) => startReplay({ ...common, ...o }),
      };
    },
  };
}

/**
 * A processor that keeps running at the end of the stream (the test stops it) and serves its
 * metrics; silent shards are not declared idle while the test looks at them.
 */
export async function startWatchedProcessor(
  scenario: Scenario,
  options: Partial<ProcessorOptions> = {},
): Promise<{ processor: ChildHandle; metricsUrl: string }> {
  const processor = scenario.processor({
    exitAtEnd: false,
    extra: ['--metrics-port', '0', '--idle-timeout', '10m'],
    ...options,
  });
  const metrics = await processor.waitForStderr(
    /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/,
    60_000,
  );
  return { processor, metricsUrl: metrics[1] };
}

/**
 * Starts a paced replay (about 20 s) and SIGKILLs it `minMs` plus a random share of `spanMs`
 * after `processor` checkpointed a watermark of the fixture's day, i.e. with windows fired.
 * Returns the delay it killed after.
 */
export async function killReplayMidRun(
  scenario: Scenario,
  processor: ChildHandle,
  o: { random: () => number; minMs: number; spanMs: number },
): Promise<number> {
  const killed = scenario.replay({ name: 'replay-killed', speedup: 160 });
  await processor.waitForStderr(/checkpoint \d+ \(watermark 2013-/, 60_000);
  const killDelay = o.minMs + Math.floor(o.random() * o.spanMs);
  await new Promise((r) => setTimeout(r, killDelay));
  expect(killed.child.done(), 'the replay was still running when killed').toBe(false);
  killed.child.kill('SIGKILL');
  expect((await killed.child.exited).signal).toBe('SIGKILL');
  return killDelay;
}

/**
 * Per shard, the last watermark record a replay wrote (ms), among records that are not garbage
 * and not dated `notAfter` or later.
 */
export function lastWatermarks(
  records: readonly StoredRecord[],
  notAfter = Infinity,
): Map<string, number> {
  const last = new Map<string, number>();
  for (const r of records) {
    const m = /^\{"type":"watermark","watermark":"([^"]+)"\}$/.exec(r.data);
    const at = m ? Date.parse(m[1]) : NaN;
    if (Number.isFinite(at) && at < notAfter) last.set(r.shardId, at);
  }
  return last;
}

/** Reads the processor's metrics until `done` holds (every 200 ms, at most `attempts` times). */
export async function waitForMetrics(
  metricsUrl: string,
  done: (metrics: Record<string, number>) => boolean,
  attempts = 300,
): Promise<Record<string, number>> {
  let metrics: Record<string, number> = {};
  for (let i = 0; i < attempts; i++) {
    metrics = await readProcessorMetrics(metricsUrl);
    if (done(metrics)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return metrics;
}
