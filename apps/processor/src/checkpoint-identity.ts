/** What a checkpoint belongs to: the source it read and the job settings that shape its state. */
export interface CheckpointIdentity {
  source:
    | {
        kind: 'kinesis';
        stream: string;
        /** Stream ARN and creation time: a stream deleted and created again is another stream. */
        streamArn?: string;
        streamCreatedAt?: string;
        /** Shards the checkpoint holds positions for (for people reading the file). */
        shards: string[];
      }
    | { kind: 'file'; input: string };
  job: CheckpointJobSettings;
}

/** Settings that shape window state: a checkpoint made under others cannot be continued. */
export interface CheckpointJobSettings {
  windowMs: number;
  pickupPrecision: number;
  durationPrecision: number;
  minTripsForDuration: number;
  timestampAttribute: string;
  /** Informational: the restoring job's lateness and dedup horizon apply (Flink does the same). */
  allowedLatenessMs: number;
  dedupHorizonMs: number | false;
}

/** A checkpoint was made for another stream or an incompatible job: continuing would mix state. */
export class CheckpointMismatchError extends Error {
  override name = 'CheckpointMismatchError';
  constructor(
    /** The checkpoint file. */
    readonly file: string,
    /** What differs, e.g. `source.stream` or `job.windowMs`. */
    readonly field: string,
    readonly checkpointValue: unknown,
    readonly currentValue: unknown,
  ) {
    super(
      `checkpoint ${file} belongs to another ${field.startsWith('source') ? 'source' : 'job'}: ` +
        `its ${field} is ${JSON.stringify(checkpointValue)}, this run's is ${JSON.stringify(currentValue)} ` +
        `(use another --checkpoint-dir, or the settings it was made with)`,
    );
  }
}

const SHAPING: readonly (keyof CheckpointJobSettings)[] = [
  'windowMs',
  'pickupPrecision',
  'durationPrecision',
  'minTripsForDuration',
  'timestampAttribute',
];

/**
 * Throws {@link CheckpointMismatchError} when `saved` (from `file`) cannot be continued by a run
 * with identity `current`; throws a plain Error when `saved` is not an identity at all (corrupt).
 */
export function checkCheckpointIdentity(
  file: string,
  saved: unknown,
  current: CheckpointIdentity,
): void {
  const s = saved as Partial<CheckpointIdentity> | undefined;
  if (typeof s?.source?.kind !== 'string' || typeof s.job !== 'object' || s.job === null) {
    throw new Error('no source and job identity in it');
  }
  const mismatch = (field: string, a: unknown, b: unknown) => {
    if (a !== b) throw new CheckpointMismatchError(file, field, a, b);
  };
  mismatch('source.kind', s.source.kind, current.source.kind);
  if (s.source.kind === 'kinesis' && current.source.kind === 'kinesis') {
    mismatch('source.stream', s.source.stream, current.source.stream);
    if (s.source.streamArn && current.source.streamArn)
      mismatch('source.streamArn', s.source.streamArn, current.source.streamArn);
    if (s.source.streamCreatedAt && current.source.streamCreatedAt)
      mismatch('source.streamCreatedAt', s.source.streamCreatedAt, current.source.streamCreatedAt);
  } else if (s.source.kind === 'file' && current.source.kind === 'file') {
    mismatch('source.input', s.source.input, current.source.input);
  }
  for (const key of SHAPING) mismatch(`job.${key}`, s.job[key], current.job[key]);
}
