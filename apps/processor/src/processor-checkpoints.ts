import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import type { SourcePositions } from '@tripstream/kinesis-source';
import type { ReferencePipeline, ReferencePipelineSnapshots } from '@tripstream/reference-job';
import { formatInstant } from '@tripstream/trip-schema';
import {
  CheckpointMismatchError,
  checkCheckpointIdentity,
  type CheckpointIdentity,
} from './checkpoint-identity.js';
import { CheckpointStore } from './checkpoint-store.js';
import type { ProcessorConfig } from './processor-config.js';

/** A processor checkpoint: what a barrier collected, and what it belongs to. */
export interface Checkpoint {
  identity: CheckpointIdentity;
  /** Kinesis mode: the shards' positions as of the barrier. */
  positions?: SourcePositions;
  /** Every stage's state as of the barrier. */
  pipeline: ReferencePipelineSnapshots;
  savedAt: string;
}

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

/**
 * The processor's checkpoints in `--checkpoint-dir`: restores the pipeline from the newest one
 * that belongs to this source and job (a corrupt one is skipped with a warning by the store, one
 * for another stream or job is refused), and saves the snapshots each barrier brings out.
 */
export class ProcessorCheckpoints {
  private saved = 0;

  private constructor(
    private readonly store: CheckpointStore<Checkpoint>,
    private readonly source: CheckpointIdentity['source'],
    private readonly config: ProcessorConfig,
    /** The pipeline, restored from the newest usable checkpoint, or new. */
    readonly pipeline: ReferencePipeline,
    /** The checkpoint restored from, if any. */
    readonly restored: { id: number; state: Checkpoint } | undefined,
  ) {}

  /**
   * Opens the store and builds the pipeline with `create`, restored from the newest usable
   * checkpoint (each attempt on a new pipeline, so a checkpoint that fails half-way leaves nothing
   * behind).
   */
  static async open(
    config: ProcessorConfig & { checkpointDir: string },
    create: () => ReferencePipeline,
  ): Promise<ProcessorCheckpoints> {
    const store = new CheckpointStore<Checkpoint>(config.checkpointDir);
    const source = await describeSource(config);
    let pipeline = create();
    const expected = identity(source, config, pipeline, undefined);
    const latest = await store.latest(
      (state, file) => {
        checkCheckpointIdentity(file, state.identity, expected);
        const restored = create();
        restored.restore(state.pipeline as unknown as Record<string, unknown>);
        pipeline = restored;
      },
      (err) => err instanceof CheckpointMismatchError,
    );
    return new ProcessorCheckpoints(store, source, config, pipeline, latest);
  }

  /** Checkpoints saved by this run. */
  get count(): number {
    return this.saved;
  }

  /** Saves a barrier's snapshots; returns the checkpoint's id. */
  async save(snapshots: Readonly<Record<string, unknown>>, now: number): Promise<number> {
    const positions = snapshots.source as SourcePositions | undefined;
    const { source: _source, ...stages } = snapshots;
    const id = await this.store.save({
      identity: identity(this.source, this.config, this.pipeline, positions),
      positions,
      pipeline: stages as unknown as ReferencePipelineSnapshots,
      savedAt: formatInstant(now),
    });
    this.saved++;
    return id;
  }
}

function identity(
  source: CheckpointIdentity['source'],
  config: ProcessorConfig,
  pipeline: ReferencePipeline,
  positions: SourcePositions | undefined,
): CheckpointIdentity {
  const o = pipeline.job.options;
  return {
    source:
      source.kind === 'kinesis'
        ? { ...source, shards: Object.keys(positions?.shards ?? {}).sort() }
        : source,
    job: {
      windowMs: o.windowMs,
      pickupPrecision: o.pickupPrecision,
      durationPrecision: o.durationPrecision,
      minTripsForDuration: o.minTripsForDuration,
      timestampAttribute: pipeline.decoder.timestampAttribute,
      allowedLatenessMs: config.job.allowedLatenessMs ?? 0,
      dedupHorizonMs: pipeline.dedupHorizonMs,
    },
  };
}
