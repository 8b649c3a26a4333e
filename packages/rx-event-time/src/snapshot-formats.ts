/** Format tag of {@link OverWindowSnapshot}. */
export const OVER_WINDOW_SNAPSHOT_FORMAT = 'rx-event-time/over-window';

/** Format tag of {@link TopNSnapshot}. */
export const TOP_N_SNAPSHOT_FORMAT = 'rx-event-time/top-n';
