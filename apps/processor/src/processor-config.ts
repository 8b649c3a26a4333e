import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { StartPosition } from '@tripstream/kinesis-source';
import type {
  EventTimeRange,
  ReferenceJobConfig,
  TimestampAttribute,
} from '@tripstream/reference-job';
import type { DocumentSink } from './sinks.js';

/** What a processor run does, after flag parsing (defaults live in the CLI's --help). */
export interface ProcessorConfig {
  job: ReferenceJobConfig;
  /** The trip field that is the event time. Default `dropoff_datetime`. */
  timestampAttribute?: TimestampAttribute;
  /** Plausible event times (see `EventTimeRange` for defaults). */
  eventTimeRange?: EventTimeRange;
  /** Dedup horizon (ms) on trip_id; default window + allowed lateness + out-of-orderness; false: off. */
  dedupHorizonMs?: number | false;
  /** Bounded out-of-orderness (ms) for streams without watermark events; default: punctuated. */
  outOfOrdernessMs?: number;
  /** A shard silent this long (ms) stops holding the watermark back until it speaks. */
  idleTimeoutMs: number;
  checkpointDir?: string;
  checkpointIntervalMs: number;
  exitAtEnd: boolean;
  metricsPort?: number;
  /** Address of the metrics server. Default 127.0.0.1. */
  metricsHost?: string;
  deadLetterFile?: string;
  /** Kinesis mode. */
  kinesis?: {
    client: KinesisClient;
    stream: string;
    startPosition: StartPosition;
    worker?: { index: number; count: number };
    /** Per-shard read limits; default the Kinesis limits. */
    maxCallsPerSecondPerShard?: number;
    /** Per-shard read limit in bytes/s; default the Kinesis limit (2 MiB/s). */
    maxBytesPerSecondPerShard?: number;
    idlePollIntervalMs?: number;
  };
  /** File mode: a wire JSON-lines file (plain or gzip) or '-' for stdin. */
  input?: string;
}

export interface ProcessorSummary {
  mode: 'kinesis' | 'file';
  records: number;
  trips: number;
  kept: number;
  invalid: Record<string, number>;
  undecodable: number;
  /** Trips and watermarks dated outside the plausible range (dead-lettered). */
  outOfRange: number;
  /** Trips dropped as copies of a trip_id seen within the dedup horizon (dead-lettered). */
  duplicates: number;
  late: number;
  lateUpdates: number;
  watermarkEvents: number;
  /** Trips at or before a watermark of their own shard: a --timestamp-attribute mismatch? */
  behindOwnWatermark: number;
  timestampAttribute: TimestampAttribute;
  dedupHorizonMs: number | false;
  windowsFired: number;
  documents: number;
  documentsByIndex: Record<string, number>;
  deadLetters: number;
  /** Dead letters by reason: undecodable, late, refused (by OpenSearch)... */
  deadLettersByReason: Record<string, number>;
  checkpoints: number;
  restoredFrom?: number;
  watermark: string;
  elapsedMs: number;
  eventsPerSecond: number;
  sink: Record<string, number>;
}

export interface ProcessorDeps {
  sink: DocumentSink;
  log?: (line: string) => void;
  /** Stops a Kinesis-mode run gracefully (e.g. on SIGTERM). */
  signal?: AbortSignal;
  now?: () => number;
}
