import { systemClock } from '@tripstream/support';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  checkpointWithState,
  LeaseLostError,
  restoreShardState,
  SHARD_END,
  TRIM_HORIZON,
  type Lease,
  type LeaseCoordinator,
  type ShardStateStore,
} from '@tripstream/kinesis-leases';
import { createKinesisSource } from '@tripstream/kinesis-source';
import type { PartialDocument, PartialMergeWriter } from '@tripstream/opensearch-sink';
import type { DeadLetterFile } from '../dead-letters.js';
import { Pipeline, type PipelineSnapshot } from '../pipeline.js';
import type { ReferenceJobConfig } from '@tripstream/reference-job';
import { toPartialDocuments } from './to-partial-documents.js';

/** What one shard worker needs; shared by every shard of a leased worker. */
export interface ShardWorkerDeps {
  kinesis: KinesisClient;
  streamName: string;
  coordinator: LeaseCoordinator;
  store: ShardStateStore;
  writer: PartialMergeWriter;
  /** The job; parts are fired per shard with no trip minimum (it applies to the merged total). */
  job: ReferenceJobConfig;
  outOfOrdernessMs?: number;
  indexPrefix: string;
  checkpointIntervalMs: number;
  /** Wait between two checks that a child's parents are finished, ms. */
  parentPollMs: number;
  read: {
    maxCallsPerSecondPerShard?: number;
    maxBytesPerSecondPerShard?: number;
    idlePollIntervalMs?: number;
  };
  deadLetters: DeadLetterFile;
  log: (line: string) => void;
}

/** Live figures of one shard on this worker (for /health, metrics and the summary). */
export interface ShardProgress {
  state: 'waiting-for-parents' | 'reading' | 'end-of-input' | 'shard-end' | 'lost' | 'stopped';
  records: number;
  partsWritten: number;
  /** OpenSearch writes of parts that changed something, and of merged documents. */
  partsStored: number;
  mergedWrites: number;
  checkpoints: number;
  /** GetRecords' `MillisBehindLatest` of the last call, ms. */
  lagMs: number;
  watermark: number;
  restored: boolean;
}

/** The per-shard state saved with each checkpoint. */
interface ShardState {
  /** 2 since the pipeline's state became the snapshots a checkpoint barrier collects. */
  format: 2;
  pipeline: PipelineSnapshot;
}

/**
 * Processes one leased shard: waits for its parents, restores the window state committed with
 * the lease's checkpoint, reads the shard after that checkpoint, writes each batch's fired parts,
 * then checkpoints (state and position in one conditional lease write). Ends at `SHARD_END`, when
 * the lease is lost (`signal` aborted with reason 'lost': nothing more is written), or on shutdown
 * (reason 'shutdown': a last checkpoint first).
 */
export async function runShardWorker(
  lease: Lease,
  deps: ShardWorkerDeps,
  progress: ShardProgress,
  signal: AbortSignal,
): Promise<ShardProgress['state']> {
  const shardId = lease.leaseKey;
  const { coordinator } = deps;
  progress.state = 'waiting-for-parents';
  while (!(await coordinator.parentsFinished(shardId))) {
    if (signal.aborted) return (progress.state = stopState(signal));
    await systemClock.sleep(deps.parentPollMs, signal);
  }
  const pipeline = new Pipeline({
    job: { ...deps.job, minTripsForDuration: 1 },
    outOfOrdernessMs: deps.outOfOrdernessMs,
    inputs: [shardId],
    deadLetter: (entry) => deps.deadLetters.write(entry),
  });
  const saved = await restoreShardState(deps.store, lease);
  if (saved) {
    const state = JSON.parse(new TextDecoder().decode(saved)) as ShardState;
    if (state?.format !== 2) {
      throw new Error(
        `${shardId}: its saved window state has format ${JSON.stringify(state?.format)}, this processor reads format 2 ` +
          '(state saved by an older version: finish the run with that version, or start over with a new --lease-table and --state-uri)',
      );
    }
    pipeline.restore(state.pipeline);
    progress.restored = true;
  }
  let position: { sequenceNumber: string; subSequenceNumber?: number } | undefined =
    lease.checkpoint === TRIM_HORIZON
      ? undefined
      : {
          sequenceNumber: lease.checkpoint,
          ...(lease.checkpointSubSequenceNumber > 0
            ? { subSequenceNumber: lease.checkpointSubSequenceNumber }
            : {}),
        };
  let endOfInput = lease.endOfInput;
  let dirty = false;
  let readSinceTake = false;
  let lastCheckpoint = Date.now();

  const checkpoint = async (cp: string, children?: readonly string[]) => {
    await flush();
    const state: ShardState = { format: 2, pipeline: pipeline.snapshot() };
    await checkpointWithState(coordinator, deps.store, shardId, {
      checkpoint: cp,
      checkpointSubSequenceNumber: cp === SHARD_END ? 0 : (position?.subSequenceNumber ?? 0),
      endOfInput,
      ...(children ? { childShardIds: children } : {}),
      state: new TextEncoder().encode(JSON.stringify(state)),
    });
    if (progress.checkpoints++ === 0) deps.log(`processor: ${shardId} first checkpoint at ${cp}`);
    lastCheckpoint = Date.now();
    dirty = false;
  };

  // Parts wait here until the next checkpoint: a document updated by several batches is written
  // once, with the part of its last batch, and always before the checkpoint that covers it.
  const pending = new Map<string, PartialDocument>();
  const write = (records: ReturnType<Pipeline['end']>) => {
    const progressMark = position?.sequenceNumber ?? '0';
    for (const part of toPartialDocuments(records, shardId, progressMark, deps.indexPrefix)) {
      pending.set(`${part.index}\u0000${part.id}`, part);
    }
  };
  const flush = async () => {
    if (pending.size === 0) return;
    const parts = [...pending.values()];
    const r = await deps.writer.write(parts);
    pending.clear();
    progress.partsWritten += parts.length;
    progress.partsStored += r.partsStored;
    progress.mergedWrites += r.merged + r.superseded;
  };

  const source = createKinesisSource({
    client: deps.kinesis,
    streamName: deps.streamName,
    shardFilter: (s) => s.shardId === shardId,
    ...(position ? { checkpoint: { shards: { [shardId]: position }, finished: [] } } : {}),
    startPosition: { type: 'TRIM_HORIZON' },
    // One input per pipeline: idleness would only stall it, never free a watermark.
    idleTimeoutMs: 2 ** 31 - 1,
    shardDiscoveryIntervalMs: Infinity,
    ...deps.read,
  });
  const onAbort = () => void source.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  progress.state = endOfInput ? 'end-of-input' : 'reading';
  try {
    for await (const event of source) {
      if (signal.aborted) break;
      if (event.type === 'records') {
        const last = event.records[event.records.length - 1];
        position = {
          sequenceNumber: last.sequenceNumber,
          ...(last.subSequenceNumber !== undefined
            ? { subSequenceNumber: last.subSequenceNumber }
            : {}),
        };
        if (progress.records === 0 || !readSinceTake) {
          deps.log(
            `processor: ${shardId} first batch (${event.records.length} records) after ${lease.checkpoint}`,
          );
          readSinceTake = true;
        }
        progress.records += event.records.length;
        progress.lagMs = event.millisBehindLatest ?? 0;
        const fired = pipeline.processRecords(
          shardId,
          event.records.map((r) => ({
            data: r.data,
            position:
              r.subSequenceNumber === undefined
                ? r.sequenceNumber
                : `${r.sequenceNumber}/${r.subSequenceNumber}`,
          })),
        );
        write(fired);
        dirty = true;
        progress.watermark = pipeline.watermark;
        const ended = !endOfInput && pipeline.watermark === Infinity;
        if (ended) {
          endOfInput = true;
          progress.state = 'end-of-input';
          deps.log(`processor: ${shardId} delivered its end-of-stream watermark`);
        }
        if (ended || Date.now() - lastCheckpoint >= deps.checkpointIntervalMs) {
          await checkpoint(position.sequenceNumber);
        }
      } else if (event.type === 'shard-finished' && event.shardId === shardId) {
        // A closed shard read to its end: its part of every open window is final.
        write(pipeline.end());
        await checkpoint(SHARD_END, event.childShardIds);
        deps.log(
          `processor: ${shardId} read to SHARD_END (children ${event.childShardIds.join(', ')})`,
        );
        return (progress.state = 'shard-end');
      }
    }
    if (signal.reason === 'shutdown' && dirty && position)
      await checkpoint(position.sequenceNumber);
    return (progress.state = stopState(signal));
  } catch (err) {
    if (err instanceof LeaseLostError) return (progress.state = 'lost');
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await source.stop();
  }
}

function stopState(signal: AbortSignal): ShardProgress['state'] {
  return signal.reason === 'lost' ? 'lost' : 'stopped';
}
