import type { ReferencePipelineStats } from '@tripstream/reference-job';
import { formatInstant } from '@tripstream/trip-schema';
import { eventTimeLag } from './event-time-lag.js';

/** Logs a progress line at most every `everyMs` (and always when forced). */
export function progressLog(options: {
  stats: () => ReferencePipelineStats;
  log: (line: string) => void;
  now: () => number;
  started: number;
  everyMs?: number;
}): (force?: boolean) => void {
  const { stats, log, now, started, everyMs = 5_000 } = options;
  let last = now();
  return (force = false) => {
    if (!force && now() - last < everyMs) return;
    last = now();
    const s = stats();
    const secs = Math.max(1, now() - started) / 1000;
    const lag = eventTimeLag(
      s.watermark,
      s.inputs.map((i) => i.watermark),
      now(),
    );
    const byIndex = s.job.documentsByIndex;
    log(
      `processor: ${s.records} records (${Math.round(s.records / secs)}/s), watermark ${formatInstant(s.watermark)}, ` +
        `lag ${!Number.isFinite(s.watermark) ? '-' : lag.historic ? `historic data, ${(lag.lagMs / 1000).toFixed(0)} s behind the newest shard` : `${(lag.lagMs / 1000).toFixed(0)} s`}, ` +
        `docs ${s.documents} (pickup_count ${byIndex.pickup_count}, trip_duration ${byIndex.trip_duration}), ` +
        `undecodable ${s.undecodable}, out of range ${s.outOfRange}, duplicates ${s.duplicates}, late ${s.late}`,
    );
  };
}
