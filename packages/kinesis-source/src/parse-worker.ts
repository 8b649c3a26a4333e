import { InvalidOptionError } from './errors/invalid-option-error.js';

/** Worker `worker` (0-based) of `workers`, as {@link parseWorker} reads it. */
export interface WorkerAssignment {
  worker: number;
  workers: number;
}

/**
 * Reads a `--worker i/n` value: `'0/2'` is the first of two workers, `'1/2'` the second. Throws
 * `InvalidOptionError` (field `worker`) unless `0 <= i < n`. Feed the result to
 * `assignShards`.
 */
export function parseWorker(text: string): WorkerAssignment {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(text));
  if (!m) throw new InvalidOptionError('worker', text, 'must look like i/n, e.g. 0/2');
  const worker = Number(m[1]);
  const workers = Number(m[2]);
  if (workers < 1 || worker >= workers) {
    throw new InvalidOptionError('worker', text, 'needs n >= 1 and 0 <= i < n');
  }
  return { worker, workers };
}
