import {
  WindowOperator,
  tumblingEventTimeWindows,
  type AggregateFunction,
  type LateRecord,
  type WatermarkedEvent,
  type WindowOperatorSnapshot,
  type WindowResult,
} from '@tripstream/rx-event-time';
import {
  INVALID_REASONS,
  airportOf,
  geohash,
  tripDurationMinutes,
  validateTrip,
  type AirportCode,
  type InvalidReason,
  type TripEvent,
} from '@tripstream/trip-schema';
import { documentId } from './document-id.js';
import { pickupCountDoc } from './pickup-count-doc.js';
import { resolveReferenceJobOptions, type ReferenceJobOptions } from './reference-job-options.js';
import { tripDurationDoc } from './trip-duration-doc.js';
import type { OutputRecord, TaxiIndex } from './types.js';

/** The reference job's options plus Flink's allowed lateness (ms of event time, default 0). */
export interface ReferenceJobConfig extends ReferenceJobOptions {
  allowedLatenessMs?: number;
}

/** An output document with the version that orders its updates (the window's trip count so far). */
export type VersionedRecord = OutputRecord & {
  /** Grows with every late update of the same window, so an older update can never win. */
  version: number;
  isUpdate: boolean;
};

export interface ReferenceJobSnapshot {
  pickup: WindowOperatorSnapshot;
  duration: WindowOperatorSnapshot;
  invalid: Record<InvalidReason, number>;
  kept: number;
  /** Trips beyond the allowed lateness (sent to `drainLate`). Absent in older snapshots. */
  late?: number;
  /** Documents fired, by index, and how many of them were late updates. Absent in older snapshots. */
  documentsByIndex?: Record<TaxiIndex, number>;
  lateUpdates?: number;
}

interface DurationAcc {
  count: number;
  sum: number;
}

const countTrips: AggregateFunction<TripEvent, number, number, string> = {
  createAccumulator: () => 0,
  add: (_trip, acc) => acc + 1,
  getResult: (acc) => acc,
  merge: (a, b) => a + b,
};

const sumDurations: AggregateFunction<TripEvent, DurationAcc, DurationAcc, string> = {
  createAccumulator: () => ({ count: 0, sum: 0 }),
  add: (trip, acc) => {
    acc.count++;
    acc.sum += tripDurationMinutes(trip);
    return acc;
  },
  getResult: (acc) => ({ count: acc.count, sum: acc.sum }),
  merge: (a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum }),
};

/**
 * The reference Flink job as two keyed tumbling-window operators over one watermarked stream:
 * pickups per geohash-7 cell, and trip durations to JFK/LGA per (geohash-6 cell, airport). Only
 * valid trips count (both ends in the NYC box, dropoff not before pickup); the others are counted
 * by reason. Synchronous, so the processor can snapshot it between two batches.
 */
export class ReferenceJob {
  readonly options: ReturnType<typeof resolveReferenceJobOptions>;
  private readonly pickup: WindowOperator<TripEvent, string, number, number>;
  private readonly duration: WindowOperator<TripEvent, string, DurationAcc, DurationAcc>;
  private invalid: Record<InvalidReason, number>;
  private kept = 0;
  private late = 0;
  private documentsByIndex: Record<TaxiIndex, number> = { pickup_count: 0, trip_duration: 0 };
  private lateUpdates = 0;
  private readonly allowedLatenessMs: number;
  private readonly lateRecords: LateRecord<TripEvent, string>[] = [];
  /** The airport of the trip being processed (set before it reaches the duration operator). */
  private airport: AirportCode | undefined;

  constructor(config: ReferenceJobConfig = {}) {
    this.options = resolveReferenceJobOptions(config);
    const assigner = tumblingEventTimeWindows({ size: this.options.windowMs });
    const allowedLateness = config.allowedLatenessMs ?? 0;
    this.allowedLatenessMs = allowedLateness;
    const { pickupPrecision, durationPrecision } = this.options;
    this.pickup = new WindowOperator({
      assigner,
      allowedLateness,
      keySelector: (t: TripEvent) =>
        geohash(t.pickup_latitude, t.pickup_longitude, pickupPrecision),
      aggregate: countTrips,
    });
    this.duration = new WindowOperator({
      assigner,
      allowedLateness,
      // `cell:airport`, the key of the document id too. The airport was found once per trip by
      // `process`, which is the only caller.
      keySelector: (t: TripEvent) =>
        `${geohash(t.pickup_latitude, t.pickup_longitude, durationPrecision)}:${this.airport}`,
      aggregate: sumDurations,
    });
    this.invalid = Object.fromEntries(INVALID_REASONS.map((r) => [r, 0])) as Record<
      InvalidReason,
      number
    >;
  }

  /** Runs a watermarked batch through both operators; returns the documents it fired. */
  process(events: readonly WatermarkedEvent<TripEvent>[]): VersionedRecord[] {
    const out: VersionedRecord[] = [];
    const pickupOut = {
      result: (r: WindowResult<string, number>) => out.push(this.pickupRecord(r)),
      late: (record: LateRecord<TripEvent, string>) => this.lateRecords.push(record),
    };
    const durationOut = {
      result: (r: WindowResult<string, DurationAcc>) => {
        const rec = this.durationRecord(r);
        if (rec) out.push(rec);
      },
      // Both operators share the assigner, the lateness and the watermark: a trip late for the
      // duration windows was already late for the pickup windows, and never reaches this one.
      late: () => {},
    };
    for (const event of events) {
      if (event.kind === 'watermark') {
        this.pickup.processWatermark(event.timestamp, pickupOut);
        this.duration.processWatermark(event.timestamp, durationOut);
        continue;
      }
      const trip = event.value;
      const reason = validateTrip(trip);
      if (reason !== undefined) {
        // An invalid trip reaches no window, so no operator judges its lateness: judge it here the
        // way they would (Flink's isWindowLate), so a late copy counts as late, not invalid twice.
        if (this.isLate(event.timestamp)) {
          this.late++;
          this.lateRecords.push({
            value: trip,
            timestamp: event.timestamp,
            input: event.input,
            key: '',
            watermark: this.pickup.currentWatermark,
            reason: 'beyond-allowed-lateness',
          });
        } else {
          this.invalid[reason]++;
        }
        continue;
      }
      // A late trip goes to the side output once, from the pickup operator, and counts as late,
      // not kept.
      const lateBefore = this.lateRecords.length;
      this.pickup.processElement(event, pickupOut);
      if (this.lateRecords.length > lateBefore) {
        this.late++;
        continue;
      }
      this.kept++;
      this.airport = airportOf(trip.dropoff_latitude, trip.dropoff_longitude);
      if (this.airport !== undefined) this.duration.processElement(event, durationOut);
    }
    for (const record of out) {
      this.documentsByIndex[record.index]++;
      if (record.isUpdate) this.lateUpdates++;
    }
    return out;
  }

  /** Whether the tumbling window of `timestamp` is past its allowed lateness. */
  private isLate(timestamp: number): boolean {
    const size = this.options.windowMs;
    const start = timestamp - (((timestamp % size) + size) % size);
    return start + size - 1 + this.allowedLatenessMs <= this.pickup.currentWatermark;
  }

  /** Records that came later than the allowed lateness since the last call (the late side output). */
  drainLate(): LateRecord<TripEvent, string>[] {
    return this.lateRecords.splice(0, this.lateRecords.length);
  }

  private pickupRecord(r: WindowResult<string, number>): VersionedRecord {
    const doc = pickupCountDoc(r.key, r.window.start, r.window.end, r.value);
    return {
      index: 'pickup_count',
      id: documentId('pickup_count', r.key, r.window.start),
      doc,
      version: r.value,
      isUpdate: r.isUpdate,
    };
  }

  private durationRecord(r: WindowResult<string, DurationAcc>): VersionedRecord | undefined {
    if (r.value.count < this.options.minTripsForDuration) return undefined;
    const split = r.key.lastIndexOf(':');
    const cell = r.key.slice(0, split);
    const airport = r.key.slice(split + 1) as AirportCode;
    const doc = tripDurationDoc(
      cell,
      airport,
      r.window.start,
      r.window.end,
      r.value.count,
      r.value.sum,
    );
    return {
      index: 'trip_duration',
      id: documentId('trip_duration', r.key, r.window.start),
      doc,
      version: r.value.count,
      isUpdate: r.isUpdate,
    };
  }

  counters() {
    return {
      kept: this.kept,
      late: this.late,
      documents: this.documentsByIndex.pickup_count + this.documentsByIndex.trip_duration,
      documentsByIndex: { ...this.documentsByIndex },
      lateUpdates: this.lateUpdates,
      invalid: { ...this.invalid },
      pickup: this.pickup.counters(),
      duration: this.duration.counters(),
    };
  }

  snapshot(): ReferenceJobSnapshot {
    return {
      pickup: this.pickup.snapshot(),
      duration: this.duration.snapshot(),
      invalid: { ...this.invalid },
      kept: this.kept,
      late: this.late,
      documentsByIndex: { ...this.documentsByIndex },
      lateUpdates: this.lateUpdates,
    };
  }

  restore(s: ReferenceJobSnapshot): void {
    this.pickup.restore(s.pickup);
    this.duration.restore(s.duration);
    this.invalid = { ...s.invalid };
    this.kept = s.kept;
    this.late = s.late ?? 0;
    this.documentsByIndex = { pickup_count: 0, trip_duration: 0, ...s.documentsByIndex };
    this.lateUpdates = s.lateUpdates ?? 0;
  }
}
