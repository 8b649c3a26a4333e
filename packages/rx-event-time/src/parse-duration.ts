import { InvalidOptionError } from './errors/invalid-option-error.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a duration as users write it in flags and config (`500ms`, `5s`, `2m`, `1h`, `2.3d`; a
 * bare number is milliseconds) into a whole number of ms, for window sizes, lateness and idleness.
 * Decimals are exact (`2.3d` is 198720000, not the float product 198719999.99999997); a duration
 * that is not a whole number of ms (`1.5ms`, `0.0001s`) is refused, like any other malformed text,
 * with an {@link InvalidOptionError} naming `option` and the text.
 */
export function parseDuration(text: string, option = 'duration'): number {
  const m = /^(\d+)(?:\.(\d+))?\s*(ms|s|m|h|d)?$/.exec(String(text).trim());
  if (!m) throw new InvalidOptionError(option, text, 'a duration like 500ms, 5s, 2m, 1h or 1d');
  // Decimal arithmetic in BigInt: the digits times the unit, divided by 10^(fraction digits).
  const fraction = m[2] ?? '';
  const scaled = BigInt(m[1] + fraction) * BigInt(UNIT_MS[(m[3] ?? 'ms') as keyof typeof UNIT_MS]);
  const divisor = 10n ** BigInt(fraction.length);
  const ms = Number(scaled / divisor);
  if (scaled % divisor !== 0n || !Number.isSafeInteger(ms)) {
    throw new InvalidOptionError(option, text, 'a whole number of ms (at most 2^53 - 1)');
  }
  return ms;
}
