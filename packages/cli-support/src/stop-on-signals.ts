import { DEFAULT_STOP_GRACE_MS } from './constants.js';

export interface StopOnSignalsOptions {
  /** Time (ms) between the first signal and a forced exit. Default {@link DEFAULT_STOP_GRACE_MS}. */
  graceMs?: number;
  /** Where the notices go. Default: stderr. */
  log?: (line: string) => void;
  /** Default: `process.exit`. */
  exit?: (code: number) => void;
}

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT and SIGTERM stop the CLI within a bounded time: the first signal aborts the returned
 * signal (a graceful stop: flush, checkpoint, close), a second one or the grace period running
 * out exits at once with 128 + the signal number.
 */
export function stopOnSignals(options: StopOnSignalsOptions = {}): AbortSignal {
  const { graceMs = DEFAULT_STOP_GRACE_MS } = options;
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) {
        exit(CODES[signal]);
        return;
      }
      log(`${signal}: stopping (again to exit at once)`);
      controller.abort(new Error(signal));
      setTimeout(() => {
        log(`${signal}: not stopped after ${graceMs} ms; exiting`);
        exit(CODES[signal]);
      }, graceMs).unref();
    });
  }
  return controller.signal;
}
