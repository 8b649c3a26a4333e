import { formatInstant, parseInstant, type TripEvent } from '@tripstream/trip-schema';

/** How event times are written: as recorded, shifted to start now, or stamped at sending time. */
export type AdaptTime = 'original' | 'invocation' | 'ingestion';
/** Which trip field is the event time used for pacing, seeking and watermarks. */
export type TimestampAttribute = 'dropoff_datetime' | 'pickup_datetime';

/**
 * Paces a replay: an event whose (original) event time is `t` goes out once
 * `(now - start) * speedup >= t - firstEventTime`. `speedup = Infinity` sends at once.
 */
export class Pacer {
  private firstEventMs: number | undefined;
  private startMs = 0;

  constructor(
    private readonly speedup: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Wall-clock time (ms) the replay started at; defined after the first event. */
  get startedAtMs(): number {
    return this.startMs;
  }

  get firstEventTimeMs(): number | undefined {
    return this.firstEventMs;
  }

  /** Waits until the event at `eventMs` is due. Returns how far behind schedule we are (ms of event time). */
  async waitFor(eventMs: number): Promise<number> {
    if (this.firstEventMs === undefined) {
      this.firstEventMs = eventMs;
      this.startMs = this.now();
    }
    if (!Number.isFinite(this.speedup)) return 0;
    const dueAtMs = this.startMs + (eventMs - this.firstEventMs) / this.speedup;
    const waitMs = dueAtMs - this.now();
    if (waitMs > 1) await this.sleep(waitMs);
    return Math.max(0, -waitMs) * this.speedup;
  }
}

/** Rewrites a trip's times for `--adapt-time`, keeping its duration. */
export function adaptTrip(
  trip: TripEvent,
  mode: AdaptTime,
  attribute: TimestampAttribute,
  context: { firstEventMs: number; startedAtMs: number; nowMs: number },
): TripEvent {
  if (mode === 'original') return trip;
  const eventMs = parseInstant(trip[attribute]);
  const shift =
    mode === 'invocation' ? context.startedAtMs - context.firstEventMs : context.nowMs - eventMs;
  return {
    ...trip,
    pickup_datetime: formatInstant(parseInstant(trip.pickup_datetime) + shift),
    dropoff_datetime: formatInstant(parseInstant(trip.dropoff_datetime) + shift),
  };
}
