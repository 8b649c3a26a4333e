import { Subject } from 'rxjs';
import {
  checkpointBarrier,
  isCheckpointBarrier,
  type CheckpointBarrier,
} from '@tripstream/rx-event-time';
import {
  createReferencePipeline,
  type ReferencePipeline,
  type ReferencePipelineOptions,
  type ReferencePipelineSnapshots,
  type ReferencePipelineStats,
  type RawRecord,
  type TripInput,
  type VersionedRecord,
} from '@tripstream/reference-job';

export type {
  DeadLetterEntry,
  RawRecord,
  TimestampAttribute,
  EventTimeRange,
} from '@tripstream/reference-job';

export type PipelineOptions = ReferencePipelineOptions;
/** A consistent state of every stage: the snapshots a checkpoint barrier collected. */
export type PipelineSnapshot = ReferencePipelineSnapshots;

/**
 * The reference pipe (`createReferencePipeline`) driven one call at a time, for callers that own
 * their loop: a leased shard worker, and the recorded-fixture tests. Each call pushes one item
 * through the pipe and returns the documents it fired, synchronously; `snapshot()` sends a
 * checkpoint barrier through it and returns what the barrier collected. Streaming runs use
 * rx-event-time's `pump` over the same pipe instead (see run-processor.ts).
 */
export class Pipeline {
  private readonly reference: ReferencePipeline;
  private readonly input = new Subject<TripInput | CheckpointBarrier>();
  private fired: VersionedRecord[] = [];
  private barrier: CheckpointBarrier | undefined;
  private failure: { error: unknown } | undefined;
  private barriers = 0;

  constructor(options: PipelineOptions) {
    this.reference = createReferencePipeline(options);
    this.reference.operator(this.input).subscribe({
      next: (output) => {
        if (isCheckpointBarrier(output)) this.barrier = output;
        else for (const record of output) this.fired.push(record);
      },
      error: (error: unknown) => {
        this.failure = { error };
      },
    });
  }

  /** The reference job's options with defaults applied. */
  get jobOptions(): ReferencePipeline['job']['options'] {
    return this.reference.job.options;
  }

  /** The dedup horizon in ms, or `false` when deduplication is off. */
  get dedupHorizonMs(): number | false {
    return this.reference.dedupHorizonMs;
  }

  /** The combined watermark, ms. */
  get watermark(): number {
    return this.reference.combiner.currentWatermark;
  }

  private push(item: TripInput | CheckpointBarrier): VersionedRecord[] {
    this.rethrow();
    this.input.next(item);
    this.rethrow();
    const fired = this.fired;
    this.fired = [];
    return fired;
  }

  /** A stage failed (a bug: records are dead-lettered, not thrown): the pipe is dead, say why. */
  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Decodes and processes one input's batch; returns the documents it fired. Never throws for a record. */
  processRecords(input: string, records: readonly RawRecord[]): VersionedRecord[] {
    return this.push({ kind: 'records', input, records });
  }

  /** A new input (e.g. a child shard) that must hold the watermark back until it speaks. */
  addInput(input: string): void {
    this.push({ kind: 'active', input });
  }

  /** The input is idle (excluded from the minimum until it speaks again). */
  idle(input: string): VersionedRecord[] {
    return this.push({ kind: 'idle', input });
  }

  /** The input has ended for good (a shard read to its end). */
  endInput(input: string): VersionedRecord[] {
    return this.push({ kind: 'end', input });
  }

  /** Ends every input: the final watermark (+infinity) fires every window. */
  end(): VersionedRecord[] {
    return this.push({ kind: 'end' });
  }

  stats(): ReferencePipelineStats {
    return this.reference.stats();
  }

  /** Sends a barrier through the pipe: every stage's state, consistent with what was pushed. */
  snapshot(): PipelineSnapshot {
    this.barrier = undefined;
    this.push(checkpointBarrier(++this.barriers));
    if (this.barrier === undefined)
      throw new Error('the checkpoint barrier did not come out of the pipe');
    return (this.barrier as CheckpointBarrier).snapshots as unknown as PipelineSnapshot;
  }

  restore(snapshot: PipelineSnapshot): void {
    this.reference.restore(snapshot as unknown as Record<string, unknown>);
  }
}
