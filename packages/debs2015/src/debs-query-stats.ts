/** What a DEBS query has seen; counts since it started. */
export interface DebsQueryStats {
  /** Trips given to `process`. */
  readonly trips: number;
  /** Trips ignored because their pickup or dropoff is outside the grid (zero coordinates included). */
  readonly outsideGrid: number;
  /**
   * Trips that dropped off before the window (more than its length before the latest dropoff
   * seen): in no window, so in no output. Zero for input sorted by dropoff, as the challenge's is.
   */
  readonly late: number;
  /** Query 2: trips without `fare_amount`, left out of the profit medians (kept for empty taxis). */
  readonly withoutFare: number;
  /** Query 2: trips without `medallion`, left out of the empty taxis (kept for the profits). */
  readonly withoutMedallion: number;
  /** Output lines produced. */
  readonly lines: number;
}
