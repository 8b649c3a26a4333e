import { pipe, type OperatorFunction } from 'rxjs';
import {
  Deduplicator,
  WatermarkCombiner,
  WatermarkStrategy,
  runDeduplicator,
  runWatermarkCombiner,
  snapshotAtBarriers,
  type CheckpointBarrier,
  type DeduplicatorSnapshot,
  type WatermarkCombinerSnapshot,
} from '@tripstream/rx-event-time';
import { formatInstant, type TripEvent } from '@tripstream/trip-schema';
import type { DeadLetterEntry, TimestampAttribute } from './dead-letter-entry.js';
import { decodeTrips } from './decode-trips.js';
import type { EventTimeRange } from './event-time-range.js';
import {
  ReferenceJob,
  type ReferenceJobConfig,
  type ReferenceJobSnapshot,
  type VersionedRecord,
} from './reference-job.js';
import { runReferenceJob } from './run-reference-job.js';
import { TripDecoder, type TripDecoderSnapshot } from './trip-decoder.js';
import type { TripInput } from './trip-input.js';

/** Options of {@link createReferencePipeline}. */
export interface ReferencePipelineOptions {
  job?: ReferenceJobConfig;
  /** The trip field that is the event time. Default `dropoff_datetime`. */
  timestampAttribute?: TimestampAttribute;
  /** Plausible event times; see {@link EventTimeRange} for the defaults. */
  eventTimeRange?: EventTimeRange;
  /**
   * Drops trips whose `trip_id` was seen within this many ms of event time (Kinesis is
   * at-least-once; a replay resumed with `--seek` sends trips again). Default: window size +
   * allowed lateness + out-of-orderness, after which a copy would be late anyway. `false`: off.
   */
  dedupHorizonMs?: number | false;
  /**
   * Bounded out-of-orderness (ms) for streams that carry no watermark events. Default: none, and
   * watermarks come from the stream's watermark events (punctuated).
   */
  outOfOrdernessMs?: number;
  /** Inputs known from the start (shard ids); each holds the watermark back until it speaks. */
  inputs?: readonly string[];
  /** Where undecodable, out-of-range, late and duplicate records go. */
  deadLetter: (entry: DeadLetterEntry) => void;
  /** Processing-time clock (inputs' silence in the combiner's stats), ms. Default `Date`. */
  clock?: { now(): number };
  /** Warnings worth a log line (e.g. a watermark that disagrees with the timestamp attribute). */
  warn?: (message: string) => void;
}

/** The checkpointed state of every stage, by stage name: what a barrier carries out of the pipe. */
export interface ReferencePipelineSnapshots {
  decoder: TripDecoderSnapshot;
  combiner: WatermarkCombinerSnapshot;
  dedup?: DeduplicatorSnapshot;
  job: ReferenceJobSnapshot;
}

/** The pipe's output: fired documents, and the barriers that went through it. */
export type ReferencePipelineOutput = readonly VersionedRecord[] | CheckpointBarrier;

/** The stages of {@link createReferencePipeline}, and the pipe that runs them. */
export interface ReferencePipeline {
  /**
   * decode -> combine per-input watermarks -> dedup on trip_id -> the job's keyed windows, each
   * stage snapshotting into the checkpoint barriers that pass it. One subscription at a time.
   */
  readonly operator: OperatorFunction<TripInput | CheckpointBarrier, ReferencePipelineOutput>;
  readonly decoder: TripDecoder;
  readonly combiner: WatermarkCombiner<TripEvent>;
  /** Absent when `dedupHorizonMs` is `false`. */
  readonly dedup: Deduplicator<TripEvent> | undefined;
  readonly job: ReferenceJob;
  /** The dedup horizon in ms, or `false` when deduplication is off. */
  readonly dedupHorizonMs: number | false;
  /** Restores every stage from a barrier's snapshots (before subscribing to `operator`). */
  restore(snapshots: Readonly<Record<string, unknown>>): void;
  /** Every counter of every stage, in one place. */
  stats(): ReferencePipelineStats;
}

/**
 * Every record lands in exactly one of: watermarkEvents, undecodable, outOfRange, duplicates,
 * late, the job's invalid counts, or the job's kept count.
 */
export interface ReferencePipelineStats {
  records: number;
  trips: number;
  watermarkEvents: number;
  undecodable: number;
  outOfRange: number;
  duplicates: number;
  /** Trips beyond the allowed lateness, and trips read after their input had ended. */
  late: number;
  /** Trips at or before a watermark their own input had already sent. */
  behindOwnWatermark: number;
  documents: number;
  lateUpdates: number;
  /** The combined watermark, ms. */
  watermark: number;
  inputs: ReturnType<WatermarkCombiner<TripEvent>['inputWatermarks']>;
  job: ReturnType<ReferenceJob['counters']>;
}

/**
 * The reference job as a pipe of the packages' operators, ready for a source and a sink: feed it
 * {@link TripInput}s (and checkpoint barriers, e.g. with rx-event-time's `pump`), get documents.
 * Dead letters go to `options.deadLetter` as they happen, with where each record was read.
 */
export function createReferencePipeline(options: ReferencePipelineOptions): ReferencePipeline {
  const strategy =
    options.outOfOrdernessMs !== undefined
      ? WatermarkStrategy.forBoundedOutOfOrderness<TripEvent>(options.outOfOrdernessMs)
      : WatermarkStrategy.forPunctuatedWatermarks<TripEvent>();
  const decoder = new TripDecoder({
    timestampAttribute: options.timestampAttribute,
    eventTimeRange: options.eventTimeRange,
    inputs: options.inputs,
    deadLetter: options.deadLetter,
    warn: options.warn,
  });
  const combiner = new WatermarkCombiner<TripEvent>({
    watermarkStrategy: strategy,
    inputs: options.inputs,
    clock: options.clock,
  });
  const job = new ReferenceJob(options.job);
  const horizonMs =
    options.dedupHorizonMs ??
    job.options.windowMs + (options.job?.allowedLatenessMs ?? 0) + (options.outOfOrdernessMs ?? 0);
  const dedup =
    horizonMs === false
      ? undefined
      : // The numeric trip id itself: no string per trip, nothing for the GC to trace per key.
        new Deduplicator<TripEvent>({ key: (trip) => trip.trip_id, horizonMs });
  const operator = pipe(
    snapshotAtBarriers('decoder', decoder, decodeTrips(decoder)),
    snapshotAtBarriers('combiner', combiner, runWatermarkCombiner(combiner)),
    dedup
      ? snapshotAtBarriers(
          'dedup',
          dedup,
          runDeduplicator(dedup, {
            duplicateOutput: (d) =>
              options.deadLetter({
                kind: 'duplicate',
                input: d.input ?? '',
                position: decoder.positionOf(d.value),
                reason: 'trip_id seen before within the dedup horizon',
                data: d.value,
                eventTime: formatInstant(d.timestamp),
              }),
          }),
        )
      : (source) => source,
    snapshotAtBarriers(
      'job',
      job,
      runReferenceJob(job, {
        lateOutput: (late) =>
          options.deadLetter({
            kind: 'late',
            input: late.input ?? '',
            position: decoder.positionOf(late.value),
            reason: late.reason,
            data: late.value,
            eventTime: formatInstant(late.timestamp),
            watermark: formatInstant(late.watermark),
          }),
      }),
    ),
  ) as OperatorFunction<TripInput | CheckpointBarrier, ReferencePipelineOutput>;
  return {
    operator,
    decoder,
    combiner,
    dedup,
    job,
    dedupHorizonMs: horizonMs,
    restore(snapshots) {
      const s = snapshots as Partial<ReferencePipelineSnapshots>;
      for (const stage of ['decoder', 'combiner', 'job'] as const) {
        if (s[stage] === undefined) throw new TypeError(`no ${stage} snapshot in the checkpoint`);
      }
      if (dedup && s.dedup === undefined)
        throw new TypeError('no dedup snapshot in the checkpoint');
      decoder.restore(s.decoder!);
      combiner.restore(s.combiner!);
      if (dedup) dedup.restore(numericTripIds(s.dedup!));
      job.restore(s.job!);
    },
    stats() {
      const d = decoder.counters();
      const j = job.counters();
      return {
        records: d.records,
        trips: d.trips,
        watermarkEvents: d.watermarkEvents,
        undecodable: d.undecodable,
        outOfRange: d.outOfRange,
        duplicates: dedup?.counters().duplicates ?? 0,
        late: d.afterEnd + j.late,
        behindOwnWatermark: d.behindOwnWatermark,
        documents: j.documents,
        lateUpdates: j.lateUpdates,
        watermark: combiner.currentWatermark,
        inputs: combiner.inputWatermarks(),
        job: j,
      };
    },
  };
}

/**
 * Checkpoints written before the dedup key became the numeric `trip_id` hold it as a decimal
 * string; read them as numbers so a copy arriving after the upgrade is still recognised.
 */
function numericTripIds(snapshot: DeduplicatorSnapshot): DeduplicatorSnapshot {
  if (!Array.isArray(snapshot?.keys) || !snapshot.keys.some((e) => typeof e?.[0] === 'string')) {
    return snapshot;
  }
  return {
    ...snapshot,
    keys: snapshot.keys.map((entry) => {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') return entry;
      const id = Number(entry[0]);
      return Number.isSafeInteger(id) && String(id) === entry[0] ? [id, entry[1]] : entry;
    }),
  };
}
