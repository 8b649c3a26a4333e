/**
 * @internal The watermark rule: W = min(smallest event time not yet acknowledged, source time -
 * max out-of-orderness) - 1 ms, never decreasing. The source time is the latest event time seen
 * or announced: for a source ordered by event time it is a lower bound of every record still to
 * be read, so records not yet put are counted too.
 */
export class WatermarkTracker {
  private sourceMs = -Infinity;
  private watermarkMs: number | undefined;

  constructor(readonly maxOutOfOrdernessMs: number) {}

  /** The latest event time seen or announced (`-Infinity` before any). */
  get sourceTimeMs(): number {
    return this.sourceMs;
  }

  /** The latest watermark computed by {@link update}. */
  get currentMs(): number | undefined {
    return this.watermarkMs;
  }

  /** The earliest event time a record may have now without breaking the declared bound. */
  get boundMs(): number {
    return this.sourceMs - this.maxOutOfOrdernessMs;
  }

  /**
   * A record with this event time entered the producer. Returns the bound it broke, or
   * `undefined` if it respected it.
   */
  observe(eventTimeMs: number): number | undefined {
    const bound = this.boundMs;
    if (eventTimeMs > this.sourceMs) this.sourceMs = eventTimeMs;
    return eventTimeMs < bound ? bound : undefined;
  }

  /** The source promises that the next record's event time is at least `eventTimeMs`. */
  advance(eventTimeMs: number): void {
    if (eventTimeMs > this.sourceMs) this.sourceMs = eventTimeMs;
  }

  /**
   * Recomputes W given the smallest event time among records not yet acknowledged (`Infinity` if
   * none). `undefined` until the source time is known.
   */
  update(minUnacknowledgedMs: number): number | undefined {
    if (this.sourceMs === -Infinity) return this.watermarkMs;
    const candidate = Math.min(minUnacknowledgedMs, this.boundMs) - 1;
    if (this.watermarkMs === undefined || candidate > this.watermarkMs) {
      this.watermarkMs = candidate;
    }
    return this.watermarkMs;
  }
}
