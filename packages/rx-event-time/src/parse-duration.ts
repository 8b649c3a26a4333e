import { InvalidOptionError } from './errors/invalid-option-error.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a duration as users write it in flags and config (`500ms`, `5s`, `2m`, `1h`, `1d`; a bare
 * number is milliseconds) into ms, for window sizes, lateness and idleness. Throws
 * {@link InvalidOptionError} naming `option` and the text.
 */
export function parseDuration(text: string, option = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(String(text).trim());
  if (!m) throw new InvalidOptionError(option, text, 'a duration like 500ms, 5s, 2m, 1h or 1d');
  return Number(m[1]) * UNIT_MS[(m[2] ?? 'ms') as keyof typeof UNIT_MS];
}
