import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath, REPLAY_BIN } from './paths.js';
import { startChild, type ChildHandle } from './start-child.js';

/** The fields of the replay's `--summary` JSON the scenarios read. */
export interface ReplaySummary {
  trips: number;
  skippedBySeek: number;
  retries: number;
  throttles: number;
  watermarksWritten: number;
  shards: number;
  elapsedMs: number;
  firstEventTime?: string;
  lastEventTime?: string;
}

export interface ReplayOptions {
  stream: string;
  kinesis: string;
  /** Folder for the summary file. */
  dir: string;
  /** Distinguishes the summary files of several replays in one scenario. */
  name?: string;
  fixture?: 'small' | 'medium' | 'large';
  /** Default `max`. */
  speedup?: number | 'max';
  /** Wall time between watermark rounds. Default 200ms, so windows fire while the run lasts. */
  watermarkInterval?: string;
  seek?: string;
  extra?: string[];
}

export interface ReplayRun {
  child: ChildHandle;
  summaryFile: string;
  /** Waits for a successful exit (bounded) and reads the summary. */
  finished(timeoutMs?: number): Promise<ReplaySummary>;
}

/** Starts `apps/replay/bin/replay.mjs` into an existing stream. */
export function startReplay(o: ReplayOptions): ReplayRun {
  const summaryFile = join(o.dir, `${o.name ?? 'replay'}-summary.json`);
  const args = [
    '--input',
    fixturePath(o.fixture ?? 'medium'),
    '--stream',
    o.stream,
    '--kinesis-endpoint',
    o.kinesis,
    '--speedup',
    String(o.speedup ?? 'max'),
    '--watermark-interval',
    o.watermarkInterval ?? '200ms',
    '--summary',
    summaryFile,
    ...(o.seek ? ['--seek', o.seek] : []),
    ...(o.extra ?? []),
  ];
  const child = startChild(o.name ?? 'replay', REPLAY_BIN, args);
  return {
    child,
    summaryFile,
    async finished(timeoutMs = 180_000) {
      const exit = await child.waitForExit(timeoutMs);
      if (exit.code !== 0) {
        throw new Error(
          `${child.name} failed (${exit.code ?? exit.signal}):\n${child.stderr().slice(-3000)}`,
        );
      }
      return JSON.parse(await readFile(summaryFile, 'utf8')) as ReplaySummary;
    },
  };
}
