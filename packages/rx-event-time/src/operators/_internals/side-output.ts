import { InvalidOptionError } from '../../errors/invalid-option-error.js';
import type { SideOutput } from '../side-output.js';

/** @internal Validates a side-output option once; `undefined` when there is none. */
export function sideOutputHandler<V>(
  option: string,
  output: SideOutput<V> | undefined,
): ((value: V) => void) | undefined {
  if (output === undefined) return undefined;
  if (typeof output === 'function') return output;
  if (output !== null && typeof output === 'object') {
    return typeof output.next === 'function' ? (value) => output.next!(value) : undefined;
  }
  throw new InvalidOptionError(option, output, 'an Observer (e.g. a Subject) or a function');
}
