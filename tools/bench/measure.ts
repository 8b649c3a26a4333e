import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection now (the bench runner has no --expose-gc): before a heap reading, so it
 * holds live data only, or between runs, so no run pays for collecting the one before.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** ms that `body` took, on the monotonic clock. */
export async function timeMs(body: () => unknown): Promise<number> {
  const started = performance.now();
  await body();
  return performance.now() - started;
}

/** Items per second: `count` items done by `body`. */
export async function perSecond(count: number, body: () => unknown): Promise<number> {
  return count / ((await timeMs(body)) / 1000);
}

/**
 * Items per CPU-second (user + system, all threads of the process): for CPU-bound work on a shared
 * machine, where "per second on one core" is about the work, not the queueing.
 */
export async function perCpuSecond(count: number, body: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await body();
  const used = process.cpuUsage(start);
  return count / ((used.user + used.system) / 1e6);
}

/** Options of {@link interleavedRuns}. */
export interface InterleavedRunsOptions {
  /**
   * A full garbage collection before each measured run, so a run that leaves much garbage (a
   * million remembered keys) does not slow whichever runs next. Default: false.
   */
  collectGarbage?: boolean;
}

/**
 * Measures every variant `runs` times, interleaved in a rotating order (run r starts with variant
 * r mod n), so drift of a shared machine (JIT, GC, other jobs) hits all alike. Before, each
 * variant runs once unmeasured (JIT, sockets, caches), or the given warm-up runs instead.
 * Returns each variant's results in run order.
 */
export async function interleavedRuns<K extends string>(
  variants: Record<K, () => Promise<number>>,
  runs: number,
  warmUp: Partial<Record<K, () => Promise<unknown>>> = variants,
  options: InterleavedRunsOptions = {},
): Promise<Record<K, number[]>> {
  const names = Object.keys(variants) as K[];
  for (const name of names) await warmUp[name]?.();
  const results = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < runs; r++) {
    for (let v = 0; v < names.length; v++) {
      const name = names[(r + v) % names.length];
      if (options.collectGarbage) collectGarbage();
      results[name].push(await variants[name]());
    }
  }
  return results;
}

/**
 * The median of per-run ratios `values[i] / baselines[i]`: with interleaved runs, neighbours in
 * time share the machine's load, so this is steadier than a ratio of medians.
 */
export function pairedRatio(values: readonly number[], baselines: readonly number[]): number {
  return median(values.map((v, i) => v / baselines[i]));
}

/** Run results for a row's notes: rounded, comma-separated. */
export function listRuns(values: readonly number[]): string {
  return values.map(Math.round).join(', ');
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
