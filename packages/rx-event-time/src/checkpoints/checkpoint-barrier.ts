/**
 * Flink's checkpoint barrier: a marker injected into the stream at the source, between two of its
 * items. Everything before it belongs to checkpoint `id`, everything after to the next. Each stateful
 * stage it passes (see `snapshotAtBarriers`) adds its snapshot under its name, so the barrier that
 * leaves the last stage carries a consistent state of the whole job: the source's position and every
 * stage's state as of the same point of the stream.
 */
export interface CheckpointBarrier {
  readonly kind: 'barrier';
  /** Grows by one per barrier of a run. */
  readonly id: number;
  /** The snapshots added so far, by stage name (`source` for the source's positions, by convention). */
  readonly snapshots: Readonly<Record<string, unknown>>;
}

/** A barrier carrying `snapshots` (usually just the source's: `{ source: positions }`). */
export function checkpointBarrier(
  id: number,
  snapshots: Readonly<Record<string, unknown>> = {},
): CheckpointBarrier {
  return { kind: 'barrier', id, snapshots };
}

/** Whether a stream item is a {@link CheckpointBarrier}. */
export function isCheckpointBarrier(value: unknown): value is CheckpointBarrier {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { kind?: unknown }).kind === 'barrier' &&
    typeof (value as { snapshots?: unknown }).snapshots === 'object'
  );
}
