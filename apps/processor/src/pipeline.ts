import {
  WatermarkCombiner,
  WatermarkStrategy,
  type StreamEvent,
  type WatermarkedEvent,
  type WatermarkCombinerSnapshot,
} from '@tripstream/rx-event-time';
import {
  SchemaError,
  decode,
  eventTimeOf,
  isWatermark,
  watermarkTimeOf,
  type TripEvent,
} from '@tripstream/trip-schema';
import {
  ReferenceJob,
  type ReferenceJobConfig,
  type ReferenceJobSnapshot,
  type VersionedRecord,
} from './reference-job.js';

/** One raw record of an input (a Kinesis record, a file line). */
export interface RawRecord {
  data: Uint8Array | string;
  /** Where it was read, for dead letters: sequence number, line number... */
  position: string;
}

/** A record or event the pipeline refused, with where it came from and why. */
export interface DeadLetterEntry {
  kind: 'undecodable' | 'late';
  input: string;
  position?: string;
  reason: string;
  field?: string;
  /** The raw record (undecodable) or the trip (late). */
  data: unknown;
  /** Late records: their event time and the watermark they missed. */
  eventTime?: string;
  watermark?: string;
}

export interface PipelineOptions {
  job?: ReferenceJobConfig;
  /**
   * Bounded out-of-orderness (ms) for streams that carry no watermark events. Default: none, and
   * watermarks come from the stream's watermark events (punctuated).
   */
  outOfOrdernessMs?: number;
  /** Inputs known from the start (shard ids); each holds the watermark back until it speaks. */
  inputs?: readonly string[];
  /** Where undecodable and late records go. */
  deadLetter: (entry: DeadLetterEntry) => void;
  /** Processing-time clock. Default: Date. */
  clock?: { now(): number };
}

export interface PipelineSnapshot {
  combiner: WatermarkCombinerSnapshot;
  job: ReferenceJobSnapshot;
  counters: PipelineCounters;
}

export interface PipelineCounters {
  records: number;
  trips: number;
  watermarkEvents: number;
  undecodable: number;
  late: number;
  documents: number;
  lateUpdates: number;
}

const decoder = new TextDecoder();

/**
 * The processor's pipeline, shared by Kinesis and file mode: decode (trip-schema) -> per-input
 * watermarks combined as the minimum over inputs (rx-event-time) -> the reference job. Synchronous
 * per batch, so a snapshot between two batches is consistent with the inputs' positions.
 */
export class Pipeline {
  private readonly combiner: WatermarkCombiner<TripEvent>;
  private readonly job: ReferenceJob;
  private counters: PipelineCounters = {
    records: 0,
    trips: 0,
    watermarkEvents: 0,
    undecodable: 0,
    late: 0,
    documents: 0,
    lateUpdates: 0,
  };

  constructor(private readonly options: PipelineOptions) {
    const strategy =
      options.outOfOrdernessMs !== undefined
        ? WatermarkStrategy.forBoundedOutOfOrderness<TripEvent>(options.outOfOrdernessMs)
        : WatermarkStrategy.forPunctuatedWatermarks<TripEvent>();
    this.combiner = new WatermarkCombiner<TripEvent>({
      watermarkStrategy: strategy,
      inputs: options.inputs,
      clock: options.clock,
    });
    this.job = new ReferenceJob(options.job);
  }

  get watermark(): number {
    return this.combiner.currentWatermark;
  }

  /** Decodes and processes one input's batch; returns the documents it fired. */
  processRecords(input: string, records: readonly RawRecord[]): VersionedRecord[] {
    const events: StreamEvent<TripEvent>[] = [];
    for (const raw of records) {
      this.counters.records++;
      let event;
      try {
        event = decode(raw.data);
      } catch (err) {
        if (!(err instanceof SchemaError)) throw err;
        this.counters.undecodable++;
        this.options.deadLetter({
          kind: 'undecodable',
          input,
          position: raw.position,
          reason: err.reason,
          field: err.field,
          data: typeof raw.data === 'string' ? raw.data : decoder.decode(raw.data),
        });
        continue;
      }
      if (isWatermark(event)) {
        this.counters.watermarkEvents++;
        events.push({ kind: 'watermark', input, timestamp: watermarkTimeOf(event) });
      } else {
        this.counters.trips++;
        events.push({ kind: 'record', input, timestamp: eventTimeOf(event), value: event });
      }
    }
    return this.run(events);
  }

  /** A new input (e.g. a child shard) that must hold the watermark back until it speaks. */
  addInput(input: string): void {
    this.combiner.addInput(input);
  }

  /** The input is idle (excluded from the minimum until it speaks again). */
  idle(input: string): VersionedRecord[] {
    return this.run([{ kind: 'idle', input }]);
  }

  /** The input has ended for good (a shard read to its end). */
  endInput(input: string): VersionedRecord[] {
    return this.run([{ kind: 'end', input }]);
  }

  /** Ends every input: the final watermark (+infinity) fires every window. */
  end(): VersionedRecord[] {
    const w = this.combiner.end();
    return w ? this.fire([w]) : [];
  }

  private run(events: StreamEvent<TripEvent>[]): VersionedRecord[] {
    if (events.length === 0) return [];
    return this.fire(this.combiner.processBatch(events));
  }

  /** Runs watermarked events through the job; counts what fired and dead-letters late records. */
  private fire(events: readonly WatermarkedEvent<TripEvent>[]): VersionedRecord[] {
    const out = this.job.process(events);
    for (const r of out) {
      this.counters.documents++;
      if (r.isUpdate) this.counters.lateUpdates++;
    }
    for (const late of this.job.drainLate()) {
      this.counters.late++;
      this.options.deadLetter({
        kind: 'late',
        input: late.input ?? '',
        reason: late.reason,
        data: late.value,
        eventTime: new Date(late.timestamp).toISOString(),
        watermark: new Date(late.watermark).toISOString(),
      });
    }
    return out;
  }

  stats() {
    return {
      ...this.counters,
      watermark: this.combiner.currentWatermark,
      inputs: this.combiner.inputWatermarks(),
      job: this.job.counters(),
    };
  }

  snapshot(): PipelineSnapshot {
    return {
      combiner: this.combiner.snapshot(),
      job: this.job.snapshot(),
      counters: { ...this.counters },
    };
  }

  restore(s: PipelineSnapshot): void {
    this.combiner.restore(s.combiner);
    this.job.restore(s.job);
    this.counters = { ...s.counters };
  }
}
