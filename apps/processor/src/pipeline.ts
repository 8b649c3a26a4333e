import {
  Deduplicator,
  WatermarkCombiner,
  WatermarkStrategy,
  type DeduplicatorSnapshot,
  type StreamEvent,
  type WatermarkedEvent,
  type WatermarkCombinerSnapshot,
} from '@tripstream/rx-event-time';
import {
  SchemaError,
  decode,
  formatInstant,
  isWatermark,
  parseInstant,
  rawRecordForDeadLetter,
  watermarkTimeOf,
  type TripEvent,
  type WireEvent,
} from '@tripstream/trip-schema';
import { eventTimeRangeCheck, type EventTimeRange } from './event-time-range.js';
import {
  ReferenceJob,
  type ReferenceJobConfig,
  type ReferenceJobSnapshot,
  type VersionedRecord,
} from '@tripstream/reference-job';

/** Which trip field is the event time: the same choice as the replay's `--timestamp-attribute`. */
export type TimestampAttribute = 'dropoff_datetime' | 'pickup_datetime';

/** One raw record of an input (a Kinesis record, a file line). */
export interface RawRecord {
  data: Uint8Array | string;
  /** Where it was read, for dead letters: sequence number, line number... */
  position: string;
}

/** A record or event the pipeline refused, with where it came from and why. */
export interface DeadLetterEntry {
  kind: 'undecodable' | 'out-of-range' | 'late' | 'duplicate';
  input: string;
  position?: string;
  reason: string;
  field?: string;
  /**
   * Undecodable: the raw record, `{ text }` or `{ base64 }` when it is not UTF-8. Otherwise the
   * decoded trip or watermark.
   */
  data: unknown;
  /** Out-of-range, late and duplicate records: their event time. */
  eventTime?: string;
  /** Late records: the watermark they missed. */
  watermark?: string;
}

export interface PipelineOptions {
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
  /** Where undecodable and late records go. */
  deadLetter: (entry: DeadLetterEntry) => void;
  /** Processing-time clock. Default: Date. */
  clock?: { now(): number };
  /** Warnings worth a log line (e.g. a watermark that disagrees with the timestamp attribute). */
  warn?: (message: string) => void;
}

export interface PipelineSnapshot {
  combiner: WatermarkCombinerSnapshot;
  dedup?: DeduplicatorSnapshot;
  job: ReferenceJobSnapshot;
  counters: PipelineCounters;
}

/**
 * Every record lands in exactly one of: watermarkEvents, undecodable, outOfRange, duplicates,
 * late, the job's invalid counts, or the job's kept count.
 */
export interface PipelineCounters {
  records: number;
  trips: number;
  watermarkEvents: number;
  undecodable: number;
  outOfRange: number;
  duplicates: number;
  late: number;
  /** Trips at or before a watermark their own input had already sent (see README). */
  behindOwnWatermark: number;
  documents: number;
  lateUpdates: number;
}

/**
 * The processor's pipeline, shared by Kinesis and file mode: decode (trip-schema) -> per-input
 * watermarks combined as the minimum over inputs (rx-event-time) -> the reference job. Synchronous
 * per batch, so a snapshot between two batches is consistent with the inputs' positions.
 */
export class Pipeline {
  private readonly combiner: WatermarkCombiner<TripEvent>;
  private readonly dedup: Deduplicator<TripEvent> | undefined;
  private readonly job: ReferenceJob;
  private readonly inRange: (ms: number) => boolean;
  private readonly attribute: TimestampAttribute;
  /** Where each trip was read, for the dead letters of trips refused after decoding. */
  private readonly positions = new WeakMap<TripEvent, string>();
  /** Inputs that ended (`endInput`), or all of them (`end`): their further records are late. */
  private readonly endedInputs = new Set<string>();
  private allEnded = false;
  /** Each input's latest watermark as read (not combined): a trip at or before it is suspicious. */
  private readonly ownWatermarks = new Map<string, number>();
  private counters: PipelineCounters = {
    records: 0,
    trips: 0,
    watermarkEvents: 0,
    undecodable: 0,
    outOfRange: 0,
    duplicates: 0,
    late: 0,
    behindOwnWatermark: 0,
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
    this.attribute = options.timestampAttribute ?? 'dropoff_datetime';
    this.inRange = eventTimeRangeCheck(options.eventTimeRange);
    const horizonMs =
      options.dedupHorizonMs ??
      this.job.options.windowMs +
        (options.job?.allowedLatenessMs ?? 0) +
        (options.outOfOrdernessMs ?? 0);
    this.dedup =
      horizonMs === false
        ? undefined
        : new Deduplicator<TripEvent>({ key: (trip) => String(trip.trip_id), horizonMs });
  }

  /** The reference job's options with defaults applied. */
  get jobOptions(): ReferenceJob['options'] {
    return this.job.options;
  }

  /** The dedup horizon in ms, or `false` when deduplication is off. */
  get dedupHorizonMs(): number | false {
    return this.dedup?.config.horizonMs ?? false;
  }

  get watermark(): number {
    return this.combiner.currentWatermark;
  }

  /** Decodes and processes one input's batch; returns the documents it fired. Never throws for a record. */
  processRecords(input: string, records: readonly RawRecord[]): VersionedRecord[] {
    const events: StreamEvent<TripEvent>[] = [];
    // After its end (endInput, end, or its own end-of-stream watermark) an input has nothing
    // more to say: a trip then is late even while other inputs hold the combined watermark back.
    let ended =
      this.allEnded || this.endedInputs.has(input) || this.ownWatermarks.get(input) === Infinity;
    for (const raw of records) {
      this.counters.records++;
      const event = this.decodeOrDeadLetter(input, raw);
      if (event === undefined) continue;
      if (ended) {
        this.afterEnd(input, raw, event);
        continue;
      }
      if (isWatermark(event)) {
        const t = watermarkTimeOf(event);
        if (t !== Infinity && !this.inRange(t)) {
          this.outOfRange(input, raw, event, t, 'watermark');
          continue;
        }
        this.counters.watermarkEvents++;
        if (t > (this.ownWatermarks.get(input) ?? -Infinity)) this.ownWatermarks.set(input, t);
        events.push({ kind: 'watermark', input, timestamp: t });
        if (t === Infinity) ended = true;
      } else {
        const t = parseInstant(event[this.attribute]);
        if (!this.inRange(t)) {
          this.outOfRange(input, raw, event, t, this.attribute);
          continue;
        }
        this.counters.trips++;
        this.checkOwnWatermark(input, t);
        this.positions.set(event, raw.position);
        events.push({ kind: 'record', input, timestamp: t, value: event });
      }
    }
    return this.run(events);
  }

  private decodeOrDeadLetter(input: string, raw: RawRecord): WireEvent | undefined {
    try {
      return decode(raw.data);
    } catch (err) {
      // Whatever the decoder throws (a SchemaError by contract; anything else is a decoder bug),
      // one record must not stop the processor: it is dead-lettered with the reason.
      const schema = err instanceof SchemaError ? err : undefined;
      this.counters.undecodable++;
      this.options.deadLetter({
        kind: 'undecodable',
        input,
        position: raw.position,
        reason: schema ? schema.reason : `decoder failed: ${(err as Error)?.name ?? 'Error'}`,
        field: schema?.field,
        data: rawRecordForDeadLetter(raw.data),
      });
      return undefined;
    }
  }

  /**
   * A record of an input that has ended (a trip after its end-of-stream watermark, e.g. from a
   * second replay, or read again after a checkpoint taken at the end): watermarks are moot, trips
   * are late for every window.
   */
  private afterEnd(input: string, raw: RawRecord, event: WireEvent): void {
    if (isWatermark(event)) {
      this.counters.watermarkEvents++;
      return;
    }
    this.counters.trips++;
    this.counters.late++;
    const t = parseInstant(event[this.attribute]);
    this.options.deadLetter({
      kind: 'late',
      input,
      position: raw.position,
      reason: 'its input had already ended',
      data: event,
      eventTime: Number.isNaN(t) ? undefined : formatInstant(t),
      // The input's own end-of-stream: what it missed, whatever the other inputs hold back.
      watermark: formatInstant(Infinity),
    });
  }

  private outOfRange(input: string, raw: RawRecord, data: WireEvent, t: number, field: string) {
    this.counters.outOfRange++;
    this.options.deadLetter({
      kind: 'out-of-range',
      input,
      position: raw.position,
      reason: 'event time outside the plausible range',
      field,
      data,
      eventTime: Number.isNaN(t) ? undefined : formatInstant(t),
    });
  }

  /**
   * A source promises no trip at or before a watermark it sent follows on the same input. A trip
   * that breaks it means the producer stamps watermarks from another field (a replay with another
   * `--timestamp-attribute`) or breaks its out-of-orderness bound: counted, and said once.
   */
  private checkOwnWatermark(input: string, t: number): void {
    const own = this.ownWatermarks.get(input);
    if (own === undefined || t > own) return;
    if (this.counters.behindOwnWatermark++ === 0) {
      this.options.warn?.(
        `${input}: a trip with ${this.attribute} ${formatInstant(t)} follows a watermark ${formatInstant(own)} of the same input; ` +
          `does the producer use the same --timestamp-attribute (${this.attribute})?`,
      );
    }
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
    this.endedInputs.add(input);
    return this.run([{ kind: 'end', input }]);
  }

  /** Ends every input: the final watermark (+infinity) fires every window. */
  end(): VersionedRecord[] {
    this.allEnded = true;
    const w = this.combiner.end();
    return w ? this.fire([w]) : [];
  }

  private run(events: StreamEvent<TripEvent>[]): VersionedRecord[] {
    if (events.length === 0) return [];
    return this.fire(this.combiner.processBatch(events));
  }

  /** Runs watermarked events through the job; counts what fired and dead-letters late records. */
  private fire(input: readonly WatermarkedEvent<TripEvent>[]): VersionedRecord[] {
    const events = this.dedup ? this.dedup.processBatch(input) : input;
    for (const d of this.dedup?.drainDuplicates() ?? []) {
      this.counters.duplicates++;
      this.options.deadLetter({
        kind: 'duplicate',
        input: d.input ?? '',
        position: this.positions.get(d.value),
        reason: 'trip_id seen before within the dedup horizon',
        data: d.value,
        eventTime: formatInstant(d.timestamp),
      });
    }
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
        position: this.positions.get(late.value),
        reason: late.reason,
        data: late.value,
        eventTime: formatInstant(late.timestamp),
        watermark: formatInstant(late.watermark),
      });
    }
    return out;
  }

  stats() {
    return {
      ...this.counters,
      watermark: this.combiner.currentWatermark,
      inputs: this.combiner.inputWatermarks(),
      dedup: this.dedup?.counters(),
      job: this.job.counters(),
    };
  }

  snapshot(): PipelineSnapshot {
    return {
      combiner: this.combiner.snapshot(),
      dedup: this.dedup?.snapshot(),
      job: this.job.snapshot(),
      counters: { ...this.counters },
    };
  }

  restore(s: PipelineSnapshot): void {
    this.combiner.restore(s.combiner);
    this.allEnded = s.combiner.ended;
    this.endedInputs.clear();
    this.ownWatermarks.clear();
    for (const i of this.combiner.inputWatermarks()) {
      if (i.status === 'ended') this.endedInputs.add(i.input);
      this.ownWatermarks.set(i.input, i.watermark);
    }
    if (this.dedup && s.dedup) this.dedup.restore(s.dedup);
    this.job.restore(s.job);
    this.counters = { ...this.counters, ...s.counters };
  }
}
