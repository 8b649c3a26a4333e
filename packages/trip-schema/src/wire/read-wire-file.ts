import { createReadStream } from 'node:fs';
import { decodeLines, type DecodeLinesOptions } from './decode-lines.js';
import type { WireEvent } from './types.js';

/**
 * Decodes a wire file (`.jsonl`, or gzip whatever its name: see `DecodeLinesOptions.gzip`). The file
 * is opened when iteration starts and closed when it ends or is abandoned.
 */
export function readWireFile(
  path: string,
  options: DecodeLinesOptions = {},
): AsyncGenerator<WireEvent, void, undefined> {
  return decodeLines(createReadStream(path), options);
}
