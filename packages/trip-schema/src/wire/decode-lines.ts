import type { LineInput } from '@tripstream/support';
import { FlattenBatches } from '../_internals/flatten-batches.js';
import { decodeLineBatches } from './decode-line-batches.js';
import type { SchemaError } from './schema-error.js';
import type { WireEvent } from './types.js';

export type { LineInput } from '@tripstream/support';

/** Options of {@link decodeLines} and `readWireFile`. */
export interface DecodeLinesOptions {
  /**
   * Receives each line that does not decode, then decoding goes on with the next line (the side
   * output for dead letters). Default: none, and the first bad line throws its {@link SchemaError}.
   */
  onError?: (error: SchemaError) => void;
  /**
   * `true`: the input is gzip; `false`: it is not; `'auto'` (default): gzip when the first two bytes
   * are the gzip magic `1f 8b`. Concatenated gzip members are read as one stream.
   */
  gzip?: 'auto' | boolean;
}

/**
 * Decodes a stream of JSON lines into wire events, in order. Lines may end in `\n` or `\r\n`; empty
 * lines are skipped but counted, so `SchemaError.lineNumber` is the line number in the file.
 * Decoding is lazy: nothing is read until the result is iterated. See `decodeLineBatches` for the
 * same in batches.
 *
 * A bad line, whatever its bytes, is a {@link SchemaError} (to `onError`, or thrown); an input that
 * cannot be read (a stream error, a corrupt or truncated gzip) rejects with its own error: that is
 * the source failing, not a record.
 */
export function decodeLines(
  input: LineInput,
  options: DecodeLinesOptions = {},
): AsyncGenerator<WireEvent, void, undefined> {
  return new FlattenBatches(decodeLineBatches(input, options));
}
