/** Event time this far (ms) behind the wall clock means the data is historic (a replay of old trips). */
export const HISTORIC_AFTER_MS = 24 * 60 * 60 * 1000;

export interface EventTimeLag {
  /**
   * How far (ms) the watermark is behind: behind the wall clock for live data; behind the newest
   * shard watermark (the replay's time) for historic data. 0 before the first and after the last
   * watermark.
   */
  lagMs: number;
  /** The data is historic: the lag is measured against the replay's time, not the wall clock. */
  historic: boolean;
}

/**
 * The event-time lag people can read: a replay of 2013's trips is not "13 years behind", it is as
 * far behind as its slowest shard is behind its fastest.
 */
export function eventTimeLag(
  watermark: number,
  inputWatermarks: readonly number[],
  now: number,
): EventTimeLag {
  if (!Number.isFinite(watermark)) return { lagMs: 0, historic: false };
  const behindWallClock = now - watermark;
  if (behindWallClock < HISTORIC_AFTER_MS)
    return { lagMs: Math.max(0, behindWallClock), historic: false };
  const replayTime = Math.max(watermark, ...inputWatermarks.filter(Number.isFinite));
  return { lagMs: replayTime - watermark, historic: true };
}
