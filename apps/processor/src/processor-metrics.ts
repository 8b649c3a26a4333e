import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type Metric,
} from 'prom-client';
import { eventTimeLag } from './event-time-lag.js';

export interface ProcessorMetricsOptions {
  /**
   * The run's summary so far, read at scrape time. Every numeric field becomes a counter
   * (`<prefix><snake_name>_total`), every field holding `{ name: number }` a counter with a label
   * (see {@link LABELS}) or one counter per entry; new fields need no wiring here.
   */
  summary: () => object;
  /** Per-input (shard) watermarks in ms, read at scrape time. */
  inputs: () => readonly { input: string; watermark: number }[];
  /** The combined watermark in ms. */
  watermark: () => number;
  /** Processing-time clock in ms. Default: Date.now. */
  now?: () => number;
  /** Default: a new registry with Node's process metrics (`process_*`, `nodejs_*`). */
  registry?: Registry;
}

const PREFIX = 'tripstream_processor_';
/** Summary fields that are not counts. */
const GAUGES: Record<string, string> = {
  eventsPerSecond: 'Records per second, averaged over the run.',
};
const SKIP = new Set([
  'elapsedMs',
  'restoredFrom',
  'watermark',
  'mode',
  'timestampAttribute',
  'dedupHorizonMs',
]);
/** Summary fields of the form `{ name: count }` whose names are values of one label. */
const LABELS: Record<string, string> = {
  invalid: 'reason',
  documentsByIndex: 'index',
  deadLettersByReason: 'reason',
};
const HELP: Record<string, string> = {
  records: 'Records read (trips, watermarks and undecodable records).',
  trips: 'Trip events decoded.',
  kept: 'Trips kept by the NYC filter.',
  invalid: 'Trips refused by the NYC filter, by reason.',
  undecodable: 'Records that did not decode (dead-lettered).',
  outOfRange: 'Trips and watermarks dated outside the plausible event-time range (dead-lettered).',
  duplicates: 'Trips dropped as copies of a trip_id seen within the dedup horizon (dead-lettered).',
  behindOwnWatermark:
    'Trips at or before a watermark of their own shard (a --timestamp-attribute mismatch?).',
  late: 'Trips later than the allowed lateness (dead-lettered).',
  lateUpdates: 'Window results re-fired because of a late trip.',
  watermarkEvents: 'Watermark events read.',
  windowsFired: 'Windows fired.',
  documents: 'Documents fired by the windows.',
  documentsByIndex: 'Documents fired, by index.',
  deadLetters: 'Dead letters written.',
  deadLettersByReason: 'Dead letters written, by reason.',
  checkpoints: 'Checkpoints written.',
};

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const isCounts = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'number');

/**
 * The processor's Prometheus metrics, on prom-client: counters read from the summary at scrape
 * time, the watermark per shard, the event-time lag (against the replay's time for historic data),
 * a batch latency histogram, and Node's process metrics.
 */
export class ProcessorMetrics {
  readonly registry: Registry;
  private readonly batch: Histogram;
  private readonly dynamic = new Map<string, Metric>();

  constructor(private readonly options: ProcessorMetricsOptions) {
    const now = options.now ?? Date.now;
    this.registry = options.registry ?? new Registry();
    if (!options.registry) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.batch = new Histogram({
      name: `${PREFIX}batch_seconds`,
      help: 'Time to process one batch of records and hand its documents to the sink (backpressure included).',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers,
    });
    new Gauge({
      name: `${PREFIX}watermark_seconds`,
      help: 'Combined watermark (event time, Unix seconds): minimum over active shards.',
      registers,
      collect() {
        this.set(options.watermark() / 1000);
      },
    });
    new Gauge({
      name: `${PREFIX}shard_watermark_seconds`,
      help: 'Watermark of each shard (input), event time in Unix seconds.',
      labelNames: ['shard'],
      registers,
      collect() {
        this.reset();
        for (const i of options.inputs()) this.set({ shard: i.input }, i.watermark / 1000);
      },
    });
    const lag = () =>
      eventTimeLag(
        options.watermark(),
        options.inputs().map((i) => i.watermark),
        now(),
      );
    new Gauge({
      name: `${PREFIX}event_time_lag_seconds`,
      help: 'How far the watermark is behind: the wall clock for live data; the newest shard watermark (the replay time) for historic data.',
      registers,
      collect() {
        this.set(lag().lagMs / 1000);
      },
    });
    new Gauge({
      name: `${PREFIX}historic_data`,
      help: '1 when event time is over a day behind the wall clock (a replay of old trips), else 0.',
      registers,
      collect() {
        this.set(lag().historic ? 1 : 0);
      },
    });
  }

  /** Records how long one batch took, in seconds. */
  observeBatch(seconds: number): void {
    this.batch.observe(seconds);
  }

  /** The exposition text (`text/plain; version=0.0.4`). */
  async text(): Promise<string> {
    this.refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Registers series for summary fields not seen before and sets every summary counter. */
  private refresh(): void {
    const summary = this.options.summary() as Record<string, unknown>;
    for (const [key, value] of Object.entries(summary)) {
      if (SKIP.has(key)) continue;
      if (typeof value === 'number') {
        if (key in GAUGES) (this.metric(key, 'gauge', GAUGES[key]) as Gauge).set(value);
        else this.count(key, value);
      } else if (isCounts(value)) {
        const label = LABELS[key];
        if (label) {
          const c = this.metric(key, 'counter', HELP[key], label) as Counter;
          c.reset();
          for (const [name, n] of Object.entries(value)) c.inc({ [label]: name }, Math.max(0, n));
        } else {
          for (const [name, n] of Object.entries(value)) this.count(`${key}_${name}`, n, key);
        }
      }
    }
  }

  private count(key: string, value: number, parent?: string): void {
    const c = this.metric(
      key,
      'counter',
      HELP[key] ??
        (parent ? `${parent} ${key.slice(parent.length + 1)} (from the summary).` : undefined),
    ) as Counter;
    c.reset();
    c.inc(Math.max(0, value));
  }

  private metric(key: string, type: 'counter' | 'gauge', help?: string, label?: string): Metric {
    const name = `${PREFIX}${snake(key)}${type === 'counter' ? '_total' : ''}`;
    let m = this.dynamic.get(name);
    if (!m) {
      const config = {
        name,
        help: help ?? `${key} (from the summary).`,
        labelNames: label ? [label] : [],
        registers: [this.registry],
      };
      m = type === 'counter' ? new Counter(config) : new Gauge(config);
      this.dynamic.set(name, m);
    }
    return m;
  }
}
