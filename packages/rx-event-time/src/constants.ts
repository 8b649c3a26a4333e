/** The input a {@link StreamEvent} without `input` belongs to. */
export const DEFAULT_INPUT = 'default';

/** Format tag of {@link WindowOperatorSnapshot}. */
export const WINDOW_OPERATOR_SNAPSHOT_FORMAT = 'rx-event-time/window-operator';

/** Format tag of {@link WatermarkCombinerSnapshot}. */
export const WATERMARK_COMBINER_SNAPSHOT_FORMAT = 'rx-event-time/watermark-combiner';

/** Version of every snapshot format; bumped on any incompatible change. */
export const SNAPSHOT_VERSION = 1;

/** Format tag of {@link DeduplicatorSnapshot}. */
export const DEDUPLICATOR_SNAPSHOT_FORMAT = 'rx-event-time/deduplicator';
