import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOB_FLAGS } from './job.js';
import { PROCESSOR_BIN } from './paths.js';
import { startChild, type ChildExit, type ChildHandle } from './start-child.js';

/** The fields of the processor's `--summary` JSON the scenarios read. */
export interface ProcessorSummary {
  records: number;
  trips: number;
  kept: number;
  invalid: Record<string, number>;
  undecodable: number;
  outOfRange: number;
  duplicates: number;
  late: number;
  watermarkEvents: number;
  documents: number;
  deadLetters: number;
  checkpoints: number;
  restoredFrom?: number;
  watermark: string;
  sink: Record<string, number>;
}

export interface ProcessorOptions {
  stream: string;
  kinesis: string;
  opensearch: string;
  prefix: string;
  /** Folder for the summary, dead letters and checkpoints. */
  dir: string;
  name?: string;
  /** Checkpoint every 200ms into `<dir>/<name>-checkpoints`. Default true. */
  checkpoints?: boolean;
  /** Default true. */
  exitAtEnd?: boolean;
  extra?: string[];
}

export interface ProcessorFiles {
  summaryFile: string;
  deadLetterFile: string;
  checkpointDir: string;
}

export function processorFiles(o: Pick<ProcessorOptions, 'dir' | 'name'>): ProcessorFiles {
  const name = o.name ?? 'processor';
  return {
    summaryFile: join(o.dir, `${name}-summary.json`),
    deadLetterFile: join(o.dir, `${name}-dead-letters.ndjson`),
    checkpointDir: join(o.dir, `${name}-checkpoints`),
  };
}

/** Starts `apps/processor/bin/processor.mjs` in Kinesis mode into OpenSearch. */
export function startProcessor(o: ProcessorOptions): ChildHandle {
  const files = processorFiles(o);
  const args = [
    '--stream',
    o.stream,
    '--kinesis-endpoint',
    o.kinesis,
    '--opensearch-endpoint',
    o.opensearch,
    '--index-prefix',
    o.prefix,
    ...JOB_FLAGS,
    '--dead-letter-file',
    files.deadLetterFile,
    '--summary',
    files.summaryFile,
    ...(o.checkpoints === false
      ? []
      : ['--checkpoint-dir', files.checkpointDir, '--checkpoint-interval', '200ms']),
    ...(o.exitAtEnd === false ? [] : ['--exit-at-end']),
    ...(o.extra ?? []),
  ];
  return startChild(o.name ?? 'processor', PROCESSOR_BIN, args);
}

export async function readProcessorSummary(file: string): Promise<ProcessorSummary> {
  return JSON.parse(await readFile(file, 'utf8')) as ProcessorSummary;
}

export interface SupervisedRun {
  exit: ChildExit;
  stderr: string;
}

/**
 * Runs the processor the way a supervisor (or Flink's restart strategy) does: whenever it ends
 * other than with exit code 0 it is started again, resuming from its newest checkpoint, until it
 * succeeds or `maxRuns` runs were used. `onRun` may schedule faults against each run.
 */
export async function superviseProcessor(
  o: ProcessorOptions,
  options: {
    maxRuns: number;
    timeoutMs: number;
    onRun?: (child: ChildHandle, run: number) => void;
  },
): Promise<{ runs: SupervisedRun[]; restarts: number; summary: ProcessorSummary }> {
  const deadline = Date.now() + options.timeoutMs;
  const runs: SupervisedRun[] = [];
  for (let run = 0; run < options.maxRuns; run++) {
    const child = startProcessor(o);
    options.onRun?.(child, run);
    const exit = await child.waitForExit(Math.max(1, deadline - Date.now()));
    runs.push({ exit, stderr: child.stderr() });
    if (exit.code === 0) {
      return {
        runs,
        restarts: runs.length - 1,
        summary: await readProcessorSummary(processorFiles(o).summaryFile),
      };
    }
  }
  throw new Error(
    `processor did not succeed in ${options.maxRuns} runs; last run (${JSON.stringify(runs.at(-1)?.exit)}):\n` +
      `${runs.at(-1)?.stderr.slice(-3000)}`,
  );
}
