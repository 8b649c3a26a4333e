import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { isWatermarkTimestamp } from './timestamps.js';

// Durations are whole ms so window bounds stay exact integers.

/** @internal A whole number of ms > 0. */
export function positiveDuration(option: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new InvalidOptionError(option, value, 'a safe integer > 0 (ms)');
}

/** @internal A whole number of ms >= 0, `fallback` when undefined. */
export function nonNegativeDuration(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new InvalidOptionError(option, value, 'a safe integer >= 0 (ms)');
}

/** @internal A watermark: a whole number of ms or ±Infinity, `fallback` when undefined. */
export function timestampOption(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (isWatermarkTimestamp(value)) return value;
  throw new InvalidOptionError(
    option,
    value,
    'a whole number of ms (Infinity and -Infinity allowed)',
  );
}

/** @internal */
export function requiredFunction<F>(option: string, value: unknown): F {
  if (typeof value === 'function') return value as F;
  throw new InvalidOptionError(option, value, 'a function');
}
