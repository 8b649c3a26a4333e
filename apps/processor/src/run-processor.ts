import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import {
  assignShards,
  createKinesisSource,
  type SourcePositions,
  type StartPosition,
} from '@tripstream/kinesis-source';
import {
  CheckpointMismatchError,
  checkCheckpointIdentity,
  type CheckpointIdentity,
} from './checkpoint-identity.js';
import { CheckpointStore } from './checkpoint-store.js';
import type { EventTimeRange } from './event-time-range.js';
import { DeadLetterFile } from './dead-letters.js';
import { eventTimeLag } from './event-time-lag.js';
import { startMetricsServer } from './metrics-server.js';
import { ProcessorMetrics } from './processor-metrics.js';
import {
  Pipeline,
  type PipelineSnapshot,
  type RawRecord,
  type TimestampAttribute,
} from './pipeline.js';
import { readRawLines } from './read-raw-lines.js';
import type { ReferenceJobConfig, VersionedRecord } from '@tripstream/reference-job';
import { formatInstant } from '@tripstream/trip-schema';
import type { DocumentSink } from './sinks.js';

/** What a processor run does, after flag parsing (defaults live in the CLI's --help). */
export interface ProcessorConfig {
  job: ReferenceJobConfig;
  /** The trip field that is the event time. Default `dropoff_datetime`. */
  timestampAttribute?: TimestampAttribute;
  /** Plausible event times (see `EventTimeRange` for defaults). */
  eventTimeRange?: EventTimeRange;
  /** Dedup horizon (ms) on trip_id; default window + allowed lateness + out-of-orderness; false: off. */
  dedupHorizonMs?: number | false;
  /** Bounded out-of-orderness (ms) for streams without watermark events; default: punctuated. */
  outOfOrdernessMs?: number;
  /** A shard silent this long (ms) stops holding the watermark back until it speaks. */
  idleTimeoutMs: number;
  checkpointDir?: string;
  checkpointIntervalMs: number;
  exitAtEnd: boolean;
  metricsPort?: number;
  /** Address of the metrics server. Default 127.0.0.1. */
  metricsHost?: string;
  deadLetterFile?: string;
  /** Kinesis mode. */
  kinesis?: {
    client: KinesisClient;
    stream: string;
    startPosition: StartPosition;
    worker?: { index: number; count: number };
    /** Per-shard read limits; default the Kinesis limits. */
    maxCallsPerSecondPerShard?: number;
    /** Per-shard read limit in bytes/s; default the Kinesis limit (2 MiB/s). */
    maxBytesPerSecondPerShard?: number;
    idlePollIntervalMs?: number;
  };
  /** File mode: a wire JSON-lines file (plain or gzip) or '-' for stdin. */
  input?: string;
}

export interface ProcessorSummary {
  mode: 'kinesis' | 'file';
  records: number;
  trips: number;
  kept: number;
  invalid: Record<string, number>;
  undecodable: number;
  /** Trips and watermarks dated outside the plausible range (dead-lettered). */
  outOfRange: number;
  /** Trips dropped as copies of a trip_id seen within the dedup horizon (dead-lettered). */
  duplicates: number;
  late: number;
  lateUpdates: number;
  watermarkEvents: number;
  /** Trips at or before a watermark of their own shard: a --timestamp-attribute mismatch? */
  behindOwnWatermark: number;
  timestampAttribute: TimestampAttribute;
  dedupHorizonMs: number | false;
  windowsFired: number;
  documents: number;
  documentsByIndex: Record<string, number>;
  deadLetters: number;
  /** Dead letters by reason: undecodable, late, refused (by OpenSearch)... */
  deadLettersByReason: Record<string, number>;
  checkpoints: number;
  restoredFrom?: number;
  watermark: string;
  elapsedMs: number;
  eventsPerSecond: number;
  sink: Record<string, number>;
}

interface Checkpoint {
  identity: CheckpointIdentity;
  positions?: SourcePositions;
  pipeline: PipelineSnapshot;
  documentsByIndex: Record<string, number>;
  savedAt: string;
}

export interface ProcessorDeps {
  sink: DocumentSink;
  log?: (line: string) => void;
  /** Stops a Kinesis-mode run gracefully (e.g. on SIGTERM). */
  signal?: AbortSignal;
  now?: () => number;
}

const iso = formatInstant;

/** Who the source is: for a stream, its ARN and creation time (so a re-created one differs). */
async function describeSource(config: ProcessorConfig): Promise<CheckpointIdentity['source']> {
  if (!config.kinesis) return { kind: 'file', input: config.input ?? '-' };
  const { client, stream } = config.kinesis;
  const res = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
  const d = res.StreamDescriptionSummary;
  return {
    kind: 'kinesis',
    stream,
    streamArn: d?.StreamARN,
    streamCreatedAt: d?.StreamCreationTimestamp
      ? formatInstant(d.StreamCreationTimestamp.getTime())
      : undefined,
    shards: [],
  };
}

/** Runs the processor in Kinesis mode or file mode; both use the same {@link Pipeline}. */
export async function runProcessor(
  config: ProcessorConfig,
  deps: ProcessorDeps,
): Promise<ProcessorSummary> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const started = now();
  const deadLetters = new DeadLetterFile(config.deadLetterFile);
  const timestampAttribute = config.timestampAttribute ?? 'dropoff_datetime';
  const newPipeline = () =>
    new Pipeline({
      job: config.job,
      outOfOrdernessMs: config.outOfOrdernessMs,
      timestampAttribute,
      eventTimeRange: config.eventTimeRange,
      dedupHorizonMs: config.dedupHorizonMs,
      deadLetter: (entry) => deadLetters.write(entry),
      warn: (message) => log(`processor: warning: ${message}`),
    });
  let pipeline = newPipeline();
  const documentsByIndex: Record<string, number> = { pickup_count: 0, trip_duration: 0 };
  const store = config.checkpointDir
    ? new CheckpointStore<Checkpoint>(config.checkpointDir)
    : undefined;
  const sourceIdentity = store ? await describeSource(config) : undefined;
  const jobOptions = pipeline.jobOptions;
  const identity = (): CheckpointIdentity => ({
    source:
      sourceIdentity?.kind === 'kinesis'
        ? { ...sourceIdentity, shards: Object.keys(positions()?.shards ?? {}).sort() }
        : sourceIdentity!,
    job: {
      windowMs: jobOptions.windowMs,
      pickupPrecision: jobOptions.pickupPrecision,
      durationPrecision: jobOptions.durationPrecision,
      minTripsForDuration: jobOptions.minTripsForDuration,
      timestampAttribute,
      allowedLatenessMs: config.job.allowedLatenessMs ?? 0,
      dedupHorizonMs: pipeline.dedupHorizonMs,
    },
  });
  let positions: () => SourcePositions | undefined = () => undefined;
  // A checkpoint whose state does not restore is corrupt (the store warns and tries the previous
  // one); one made for another stream or job is refused.
  const latest = await store?.latest(
    (state, file) => {
      checkCheckpointIdentity(file, state.identity, identity());
      const restored = newPipeline();
      restored.restore(state.pipeline);
      if (typeof state.documentsByIndex !== 'object' || state.documentsByIndex === null)
        throw new Error('no documentsByIndex in it');
      pipeline = restored;
    },
    (err) => err instanceof CheckpointMismatchError,
  );
  let checkpoints = 0;
  if (latest) {
    Object.assign(documentsByIndex, latest.state.documentsByIndex);
    log(
      `processor: restored checkpoint ${latest.id} from ${latest.state.savedAt} (watermark ${iso(pipeline.watermark)})`,
    );
  }
  let shardStatus: () => unknown = () => ({});
  /** The summary so far: returned at the end, and read by /metrics at every scrape. */
  const summarize = (): ProcessorSummary => {
    const s = pipeline.stats();
    const elapsedMs = now() - started;
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
      timestampAttribute,
      dedupHorizonMs: pipeline.dedupHorizonMs,
      windowsFired: s.job.pickup.windowsFired + s.job.duration.windowsFired,
      documents: s.documents,
      documentsByIndex: { ...documentsByIndex },
      deadLetters: deadLetters.count,
      deadLettersByReason: { ...deadLetters.byReason },
      checkpoints,
      restoredFrom: latest?.id,
      watermark: iso(s.watermark),
      elapsedMs,
      eventsPerSecond: Math.round(s.records / (Math.max(1, elapsedMs) / 1000)),
      sink: deps.sink.stats(),
    };
  };
  const metrics =
    config.metricsPort !== undefined
      ? new ProcessorMetrics({
          summary: summarize,
          watermark: () => pipeline.watermark,
          inputs: () => pipeline.stats().inputs,
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
          status: { watermark: iso(pipeline.watermark), shards: shardStatus() },
        }),
      })
    : undefined;
  if (server)
    log(
      `processor: metrics on http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}/metrics`,
    );

  const emit = async (docs: VersionedRecord[]) => {
    for (const d of docs) documentsByIndex[d.index] = (documentsByIndex[d.index] ?? 0) + 1;
    const t = performance.now();
    await deps.sink.write(docs);
    metrics?.observeBatch((performance.now() - t) / 1000);
  };

  const checkpoint = async () => {
    if (!store) return;
    // Everything fired so far must be acknowledged before the positions that produced it are saved.
    await deps.sink.flush();
    const id = await store.save({
      identity: identity(),
      positions: positions(),
      pipeline: pipeline.snapshot(),
      documentsByIndex: { ...documentsByIndex },
      savedAt: formatInstant(now()),
    });
    checkpoints++;
    log(`processor: checkpoint ${id} (watermark ${iso(pipeline.watermark)})`);
  };

  let lastProgress = now();
  const progress = (force = false) => {
    if (!force && now() - lastProgress < 5_000) return;
    lastProgress = now();
    const s = pipeline.stats();
    const secs = Math.max(1, now() - started) / 1000;
    const lag = eventTimeLag(
      s.watermark,
      s.inputs.map((i) => i.watermark),
      now(),
    );
    log(
      `processor: ${s.records} records (${Math.round(s.records / secs)}/s), watermark ${iso(s.watermark)}, ` +
        `lag ${!Number.isFinite(s.watermark) ? '-' : lag.historic ? `historic data, ${(lag.lagMs / 1000).toFixed(0)} s behind the newest shard` : `${(lag.lagMs / 1000).toFixed(0)} s`}, ` +
        `docs ${s.documents} (pickup_count ${documentsByIndex.pickup_count}, trip_duration ${documentsByIndex.trip_duration}), ` +
        `undecodable ${s.undecodable}, out of range ${s.outOfRange}, duplicates ${s.duplicates}, late ${s.late}`,
    );
  };

  try {
    if (config.kinesis) {
      const k = config.kinesis;
      const source = createKinesisSource({
        client: k.client,
        streamName: k.stream,
        startPosition: k.startPosition,
        checkpoint: latest?.state.positions,
        shardFilter: k.worker ? assignShards(k.worker.index, k.worker.count) : undefined,
        idleTimeoutMs: config.idleTimeoutMs,
        maxCallsPerSecondPerShard: k.maxCallsPerSecondPerShard,
        maxBytesPerSecondPerShard: k.maxBytesPerSecondPerShard,
        idlePollIntervalMs: k.idlePollIntervalMs,
      });
      positions = () => source.positions();
      shardStatus = () =>
        source
          .stats()
          .shards.map((s) => ({ shardId: s.shardId, status: s.status, records: s.records }));
      const onAbort = () => void source.stop();
      deps.signal?.addEventListener('abort', onAbort);
      let lastCheckpoint = now();
      try {
        for await (const event of source) {
          switch (event.type) {
            case 'records':
              await emit(
                pipeline.processRecords(
                  event.shardId,
                  event.records.map((r) => ({
                    data: r.data,
                    position:
                      r.subSequenceNumber === undefined
                        ? r.sequenceNumber
                        : `${r.sequenceNumber}/${r.subSequenceNumber}`,
                  })),
                ),
              );
              break;
            case 'shard-discovered':
              pipeline.addInput(event.shardId);
              break;
            case 'shard-idle':
              await emit(pipeline.idle(event.shardId));
              break;
            case 'shard-finished':
              await emit(pipeline.endInput(event.shardId));
              break;
            default:
              break;
          }
          progress();
          if (config.exitAtEnd && pipeline.watermark === Infinity) break;
          if (store && now() - lastCheckpoint >= config.checkpointIntervalMs) {
            await checkpoint();
            lastCheckpoint = now();
          }
          if (deps.signal?.aborted) break;
        }
      } finally {
        deps.signal?.removeEventListener('abort', onAbort);
        await source.stop();
      }
    } else {
      const input = config.input ?? '-';
      const name = input === '-' ? 'stdin' : input;
      // File mode feeds raw lines through the same pipeline as Kinesis records: one decoder, one
      // dead-letter path, positions are line numbers.
      let batch: RawRecord[] = [];
      let line = 0;
      for await (const text of readRawLines(input)) {
        line++;
        if (text.length === 0) continue;
        batch.push({ data: text, position: `line ${line}` });
        if (batch.length >= 1000) {
          await emit(pipeline.processRecords(name, batch));
          batch = [];
          progress();
        }
      }
      await emit(pipeline.processRecords(name, batch));
    }
    // End of a file: every window fires (the final watermark is +infinity).
    if (!config.kinesis) await emit(pipeline.end());
    await deps.sink.flush();
    await checkpoint();
  } finally {
    await server?.close();
  }
  progress(true);
  return summarize();
}
