import { DEFAULT_INPUT, type StreamEvent } from '@tripstream/rx-event-time';
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
import type { DeadLetterEntry, RawRecord, TimestampAttribute } from './dead-letter-entry.js';
import { eventTimeRangeCheck, type EventTimeRange } from './event-time-range.js';
import type { TripInput } from './trip-input.js';

/** Options of {@link TripDecoder}. */
export interface TripDecoderOptions {
  /** The trip field that is the event time. Default `dropoff_datetime`. */
  timestampAttribute?: TimestampAttribute;
  /** Plausible event times; see {@link EventTimeRange} for the defaults. */
  eventTimeRange?: EventTimeRange;
  /** Inputs known from the start (shard ids). Default none. */
  inputs?: readonly string[];
  /** Where undecodable, out-of-range and after-the-end records go. */
  deadLetter: (entry: DeadLetterEntry) => void;
  /** Warnings worth a log line (e.g. a watermark that disagrees with the timestamp attribute). */
  warn?: (message: string) => void;
}

/** What the decoder saw; every record is counted once in `watermarkEvents`, `trips`, `undecodable` or `outOfRange`. */
export interface TripDecoderCounters {
  records: number;
  trips: number;
  watermarkEvents: number;
  undecodable: number;
  outOfRange: number;
  /** Trips read after their input had ended (dead-lettered as late). */
  afterEnd: number;
  /** Trips at or before a watermark their own input had already sent (see the processor README). */
  behindOwnWatermark: number;
}

/** {@link TripDecoder}'s state as plain JSON. */
export interface TripDecoderSnapshot {
  format: 'tripstream.trip-decoder';
  inputs: string[];
  endedInputs: string[];
  allEnded: boolean;
  /** Each input's latest own watermark; null for +infinity. */
  ownWatermarks: [string, number | null][];
  counters: TripDecoderCounters;
}

/**
 * The job's input stage: raw records of any input -> trips and watermarks as rx-event-time events.
 * A record that does not decode, or whose event time is implausible, or that comes after its input
 * ended, is dead-lettered and counted — never thrown — so one bad record cannot stop a run.
 * Synchronous; `decodeTrips(decoder)` runs it in a pipe.
 */
export class TripDecoder {
  private readonly inRange: (ms: number) => boolean;
  readonly timestampAttribute: TimestampAttribute;
  /**
   * Where each trip of the current batch was read, for the dead letters of trips refused further
   * down the pipe (late, duplicate). Those are refused while the batch goes through the pipe,
   * synchronously, so only one batch is ever held: replaced when the next one comes. Two arrays
   * filled as trips are decoded; the lookup map is built only when a trip is refused. (A WeakMap
   * entry per trip cost more in garbage collection than the rest of decoding; a Map entry per
   * trip was still a hash insert for every trip, refused or not.)
   */
  private batchTrips: TripEvent[] = [];
  private batchPositions: string[] = [];
  private positions: Map<TripEvent, string> | undefined;
  private readonly inputs = new Set<string>();
  private readonly endedInputs = new Set<string>();
  private allEnded = false;
  private readonly ownWatermarks = new Map<string, number>();
  private counts: TripDecoderCounters = {
    records: 0,
    trips: 0,
    watermarkEvents: 0,
    undecodable: 0,
    outOfRange: 0,
    afterEnd: 0,
    behindOwnWatermark: 0,
  };

  constructor(private readonly options: TripDecoderOptions) {
    if (typeof options?.deadLetter !== 'function') {
      throw new TypeError('TripDecoder: options.deadLetter must be a function');
    }
    this.timestampAttribute = options.timestampAttribute ?? 'dropoff_datetime';
    this.inRange = eventTimeRangeCheck(options.eventTimeRange);
    for (const input of options.inputs ?? []) this.inputs.add(input);
  }

  /** Where a trip of the batch being processed was read (`undefined` for any other). */
  positionOf(trip: TripEvent): string | undefined {
    if (this.positions === undefined) {
      this.positions = new Map();
      for (let i = 0; i < this.batchTrips.length; i++) {
        this.positions.set(this.batchTrips[i], this.batchPositions[i]);
      }
    }
    return this.positions.get(trip);
  }

  /** Decodes one input item into events for the watermark combiner (possibly none). */
  process(item: TripInput): StreamEvent<TripEvent>[] {
    switch (item.kind) {
      case 'records':
        return this.decodeBatch(item.input, item.records);
      case 'end':
        return item.input === undefined ? this.endAll() : this.endInput(item.input);
      default: {
        const input = item.input ?? DEFAULT_INPUT;
        // An ended input stays ended: declaring it again (a shard listed again) changes nothing.
        if (this.allEnded || this.endedInputs.has(input)) return [];
        this.inputs.add(input);
        return [item];
      }
    }
  }

  private endInput(input: string): StreamEvent<TripEvent>[] {
    this.inputs.add(input);
    this.endedInputs.add(input);
    return [{ kind: 'end', input }];
  }

  /** Ends every input: with all of them ended the combined watermark is +infinity. */
  private endAll(): StreamEvent<TripEvent>[] {
    this.allEnded = true;
    if (this.inputs.size === 0) this.inputs.add(DEFAULT_INPUT);
    const out: StreamEvent<TripEvent>[] = [];
    for (const input of this.inputs) {
      if (this.endedInputs.has(input)) continue;
      this.endedInputs.add(input);
      out.push({ kind: 'end', input });
    }
    return out;
  }

  private decodeBatch(input: string, records: readonly RawRecord[]): StreamEvent<TripEvent>[] {
    this.batchTrips = [];
    this.batchPositions = [];
    this.positions = undefined;
    this.inputs.add(input);
    const events: StreamEvent<TripEvent>[] = [];
    // After its end (an `end`, or its own end-of-stream watermark) an input has nothing more to
    // say: a trip then is late even while other inputs hold the combined watermark back.
    let ended =
      this.allEnded || this.endedInputs.has(input) || this.ownWatermarks.get(input) === Infinity;
    for (const raw of records) {
      this.counts.records++;
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
        this.counts.watermarkEvents++;
        if (t > (this.ownWatermarks.get(input) ?? -Infinity)) this.ownWatermarks.set(input, t);
        events.push({ kind: 'watermark', input, timestamp: t });
        if (t === Infinity) ended = true;
      } else {
        const t = parseInstant(event[this.timestampAttribute]);
        if (!this.inRange(t)) {
          this.outOfRange(input, raw, event, t, this.timestampAttribute);
          continue;
        }
        this.counts.trips++;
        this.checkOwnWatermark(input, t);
        this.batchTrips.push(event);
        this.batchPositions.push(raw.position);
        events.push({ kind: 'record', input, timestamp: t, value: event });
      }
    }
    return events;
  }

  private decodeOrDeadLetter(input: string, raw: RawRecord): WireEvent | undefined {
    try {
      return decode(raw.data);
    } catch (err) {
      // Whatever the decoder throws (a SchemaError by contract; anything else is a decoder bug),
      // one record must not stop the run: it is dead-lettered with the reason.
      const schema = err instanceof SchemaError ? err : undefined;
      this.counts.undecodable++;
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
      this.counts.watermarkEvents++;
      return;
    }
    this.counts.trips++;
    this.counts.afterEnd++;
    const t = parseInstant(event[this.timestampAttribute]);
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
    this.counts.outOfRange++;
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
    if (this.counts.behindOwnWatermark++ === 0) {
      this.options.warn?.(
        `${input}: a trip with ${this.timestampAttribute} ${formatInstant(t)} follows a watermark ${formatInstant(own)} of the same input; ` +
          `does the producer use the same --timestamp-attribute (${this.timestampAttribute})?`,
      );
    }
  }

  counters(): TripDecoderCounters {
    return { ...this.counts };
  }

  snapshot(): TripDecoderSnapshot {
    return {
      format: 'tripstream.trip-decoder',
      inputs: [...this.inputs],
      endedInputs: [...this.endedInputs],
      allEnded: this.allEnded,
      ownWatermarks: [...this.ownWatermarks].map(([input, t]) => [
        input,
        t === Infinity ? null : t,
      ]),
      counters: { ...this.counts },
    };
  }

  /** Replaces the state with a snapshot's; throws a TypeError naming what is wrong with it. */
  restore(snapshot: TripDecoderSnapshot): void {
    if (snapshot?.format !== 'tripstream.trip-decoder' || !Array.isArray(snapshot.inputs)) {
      throw new TypeError('not a TripDecoder snapshot (format tripstream.trip-decoder)');
    }
    this.inputs.clear();
    for (const input of snapshot.inputs) this.inputs.add(input);
    this.endedInputs.clear();
    for (const input of snapshot.endedInputs) this.endedInputs.add(input);
    this.allEnded = snapshot.allEnded === true;
    this.ownWatermarks.clear();
    for (const [input, t] of snapshot.ownWatermarks) {
      this.ownWatermarks.set(input, t === null ? Infinity : t);
    }
    this.counts = { ...this.counts, ...snapshot.counters };
  }
}
