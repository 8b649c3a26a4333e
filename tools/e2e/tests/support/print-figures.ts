/** The figures every scenario prints, so the lines compare across scenarios. */
export interface ScenarioFigures {
  /** Trips the replay sent (both replays in scenario 7). */
  trips: number;
  /** Records the processor counted (trips, watermarks, garbage), over its restarts. */
  records: number;
  /** Sends repeated: Kinesis entries by the replay, bulk requests and items by the sink. */
  retries: number;
  /** Throttling answers survived: Kinesis puts (counted by the replay) and, where a proxy injects them, reads and bulk 429s. */
  throttles: number;
  /** Process restarts: the processor's, or the replay's in scenario 7. */
  restarts: number;
  /** Documents in OpenSearch at the end, all equal to the batch computation. */
  documents: number;
}

/**
 * Prints one line of what a scenario survived, e.g.
 * `[e2e] 2 Kinesis throttling: trips 10003, records 10058, retries 2509, throttles 562, restarts 0, documents 4991 | seed 270614256, ...`.
 */
export function printFigures(
  scenario: string,
  figures: ScenarioFigures,
  details: Record<string, number | string> = {},
): void {
  const text = (values: object) =>
    Object.entries(values)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ');
  const rest = Object.keys(details).length > 0 ? ` | ${text(details)}` : '';
  console.log(`[e2e] ${scenario}: ${text(figures)}${rest}`);
}
