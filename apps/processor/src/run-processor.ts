import { isCheckpointBarrier, pump } from '@tripstream/rx-event-time';
import {
  createReferencePipeline,
  type ReferencePipeline,
  type ReferencePipelineOutput,
} from '@tripstream/reference-job';
import { formatInstant } from '@tripstream/trip-schema';
import { DeadLetterFile } from './dead-letters.js';
import { startMetricsServer } from './metrics-server.js';
import type { ProcessorConfig, ProcessorDeps, ProcessorSummary } from './processor-config.js';
import { ProcessorCheckpoints } from './processor-checkpoints.js';
import { ProcessorMetrics } from './processor-metrics.js';
import { progressLog } from './processor-progress.js';
import { fileTripSource, kinesisTripSource, type TripSource } from './trip-inputs.js';

export type { ProcessorConfig, ProcessorDeps, ProcessorSummary } from './processor-config.js';

const iso = formatInstant;

/**
 * Runs the processor in Kinesis mode or file mode. Both are one pipe: source -> the reference
 * pipeline (decode, combined watermarks, dedup, the job's windows; `createReferencePipeline`) ->
 * the sink, driven by rx-event-time's `pump` so the sink's backpressure reaches the source.
 * Checkpoints are barriers: every `checkpointIntervalMs` one goes through the pipe behind the
 * source's positions, each stage adds its snapshot, and when it reaches the sink every document
 * before it is flushed and the snapshots are saved.
 */
export async function runProcessor(
  config: ProcessorConfig,
  deps: ProcessorDeps,
): Promise<ProcessorSummary> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const started = now();
  const deadLetters = new DeadLetterFile(config.deadLetterFile);
  const create = (): ReferencePipeline =>
    createReferencePipeline({
      job: config.job,
      outOfOrdernessMs: config.outOfOrdernessMs,
      timestampAttribute: config.timestampAttribute,
      eventTimeRange: config.eventTimeRange,
      dedupHorizonMs: config.dedupHorizonMs,
      deadLetter: (entry) => deadLetters.write(entry),
      warn: (message) => log(`processor: warning: ${message}`),
    });
  const checkpoints = config.checkpointDir
    ? await ProcessorCheckpoints.open({ ...config, checkpointDir: config.checkpointDir }, create)
    : undefined;
  const pipeline = checkpoints?.pipeline ?? create();
  const restored = checkpoints?.restored;
  if (restored) {
    log(
      `processor: restored checkpoint ${restored.id} from ${restored.state.savedAt} (watermark ${iso(pipeline.combiner.currentWatermark)})`,
    );
  }
  let source: TripSource | undefined;
  const summarize = (): ProcessorSummary =>
    summary(config, pipeline, deadLetters, deps, {
      started,
      now: now(),
      checkpoints: checkpoints?.count ?? 0,
      restoredFrom: restored?.id,
    });
  const metrics =
    config.metricsPort !== undefined
      ? new ProcessorMetrics({
          summary: summarize,
          watermark: () => pipeline.combiner.currentWatermark,
          inputs: () => pipeline.combiner.inputWatermarks(),
          now,
        })
      : undefined;
  const server = metrics
    ? await startMetricsServer({
        port: config.metricsPort!,
        host: config.metricsHost,
        metrics: async () => ({ text: await metrics.text(), contentType: metrics.contentType }),
        health: () => ({
          healthy: true,
          status: {
            watermark: iso(pipeline.combiner.currentWatermark),
            shards: source?.shardStatus() ?? {},
          },
        }),
      })
    : undefined;
  if (server)
    log(
      `processor: metrics on http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}/metrics`,
    );

  const progress = progressLog({ stats: () => pipeline.stats(), log, now, started });
  // The sink end of the pipe: documents are written (awaited: backpressure), barriers are
  // checkpoints — everything before one is flushed before its positions are saved.
  const consume = async (output: ReferencePipelineOutput): Promise<void> => {
    if (isCheckpointBarrier(output)) {
      await deps.sink.flush();
      if (!checkpoints) return;
      const id = await checkpoints.save(output.snapshots, now());
      log(`processor: checkpoint ${id} (watermark ${iso(pipeline.combiner.currentWatermark)})`);
      return;
    }
    const t = performance.now();
    await deps.sink.write(output);
    metrics?.observeBatch((performance.now() - t) / 1000);
  };
  // A progress line every few seconds, checked after each source item has gone through the pipe.
  async function* withProgress<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const item of items) {
      yield item;
      progress();
    }
  }

  try {
    source = config.kinesis
      ? kinesisTripSource(
          { ...config, kinesis: config.kinesis },
          restored?.state.positions,
          () => config.exitAtEnd && pipeline.combiner.currentWatermark === Infinity,
        )
      : fileTripSource(config.input ?? '-');
    const stop = () => void source?.stop();
    deps.signal?.addEventListener('abort', stop);
    try {
      await pump(withProgress(source.items), pipeline.operator, consume, {
        // With a checkpoint store, barriers at the interval and one at the end; without one, just
        // the final barrier, which flushes the sink.
        barrierIntervalMs: checkpoints ? config.checkpointIntervalMs : Number.MAX_SAFE_INTEGER,
        sourceSnapshot: source.positions,
        firstBarrierId: (restored?.id ?? 0) + 1,
        clock: { now },
        // A stop (SIGTERM) checkpoints and leaves the windows open: they live on in the checkpoint.
        signal: deps.signal,
      });
    } finally {
      deps.signal?.removeEventListener('abort', stop);
      await source.stop();
    }
    await deps.sink.flush();
  } finally {
    await server?.close();
  }
  progress(true);
  return summarize();
}

function summary(
  config: ProcessorConfig,
  pipeline: ReferencePipeline,
  deadLetters: DeadLetterFile,
  deps: ProcessorDeps,
  run: { started: number; now: number; checkpoints: number; restoredFrom?: number },
): ProcessorSummary {
  const s = pipeline.stats();
  const elapsedMs = run.now - run.started;
  return {
    mode: config.kinesis ? 'kinesis' : 'file',
    records: s.records,
    trips: s.trips,
    kept: s.job.kept,
    invalid: s.job.invalid,
    undecodable: s.undecodable,
    outOfRange: s.outOfRange,
    duplicates: s.duplicates,
    late: s.late,
    lateUpdates: s.lateUpdates,
    watermarkEvents: s.watermarkEvents,
    behindOwnWatermark: s.behindOwnWatermark,
    timestampAttribute: pipeline.decoder.timestampAttribute,
    dedupHorizonMs: pipeline.dedupHorizonMs,
    windowsFired: s.job.pickup.windowsFired + s.job.duration.windowsFired,
    documents: s.documents,
    documentsByIndex: { ...s.job.documentsByIndex },
    deadLetters: deadLetters.count,
    deadLettersByReason: { ...deadLetters.byReason },
    checkpoints: run.checkpoints,
    restoredFrom: run.restoredFrom,
    watermark: formatInstant(s.watermark),
    elapsedMs,
    eventsPerSecond: Math.round(s.records / (Math.max(1, elapsedMs) / 1000)),
    sink: deps.sink.stats(),
  };
}
