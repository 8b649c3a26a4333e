import { readLines, type LineInput } from '@tripstream/support';
import { decode } from './decode.js';
import type { DecodeLinesOptions } from './decode-lines.js';
import { SchemaError } from './schema-error.js';
import type { WireEvent } from './types.js';

/**
 * {@link decodeLines} in batches: one array of events per input chunk, in order, never empty.
 * Same options and error handling; for hot paths where one `await` per event costs more than
 * decoding it.
 */
export async function* decodeLineBatches(
  input: LineInput,
  options: DecodeLinesOptions = {},
): AsyncGenerator<WireEvent[], void, undefined> {
  const { onError, gzip = 'auto' } = options;
  if (gzip !== 'auto' && typeof gzip !== 'boolean') {
    throw new TypeError(
      `decodeLines: options.gzip must be 'auto', true or false, got ${String(gzip)}`,
    );
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new TypeError(`decodeLines: options.onError must be a function, got ${typeof onError}`);
  }
  if (typeof input === 'string') {
    throw new TypeError(
      'decodeLines: expected chunks of input, got a string (to read a file, use readWireFile)',
    );
  }
  let lineNumber = 0;
  for await (const lines of readLines(input, { gzip })) {
    const events: WireEvent[] = [];
    for (const line of lines) {
      lineNumber++;
      if (line.length === 0) continue;
      try {
        events.push(decode(line, lineNumber));
      } catch (error) {
        if (onError === undefined || !(error instanceof SchemaError)) {
          // Hand over what decoded before the bad line first, as the unbatched decoder would.
          if (events.length > 0) yield events;
          throw error;
        }
        onError(error);
      }
    }
    if (events.length > 0) yield events;
  }
}
