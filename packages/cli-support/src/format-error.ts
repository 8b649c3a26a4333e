import { redact } from './redact.js';

/**
 * What a CLI prints for an error: `line` (redacted) alone, or with `verbose` the stack of the
 * error and of every cause below it (redacted too) — the trace is for whoever debugs, never the default.
 */
export function formatError(line: string, err: unknown, verbose = false): string {
  let out = `${line}\n`;
  if (verbose) {
    const seen = new Set<unknown>();
    for (let c: any = err, depth = 0; c && !seen.has(c); c = c.cause, depth++) {
      seen.add(c);
      const stack = c instanceof Error ? (c.stack ?? `${c.name}: ${c.message}`) : String(c);
      out += `${depth === 0 ? '' : 'caused by: '}${stack}\n`;
    }
  }
  return redact(out);
}
