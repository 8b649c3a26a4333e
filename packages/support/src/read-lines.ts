import { toBuffer } from './_internals/to-buffer.js';
import type { LineInput } from './line-input.js';
import { readDecompressed, type DecompressOptions } from './read-decompressed.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits an input (gunzipped first when it is gzip: see {@link DecompressOptions.gzip}) into
 * lines, without `\n` or `\r\n`, every line including empty ones so callers can count line
 * numbers. A last line without a newline is still a line; an input ending in a newline has no
 * extra empty line.
 *
 * Lines come in batches (one per input chunk) because one `await` per line would cost more than
 * most uses of a line. A line is a string, or its raw bytes when it is not valid UTF-8 (so a bad
 * line can be reported or dead-lettered as it was, not replaced with U+FFFD).
 */
export async function* readLines(
  input: LineInput,
  options: DecompressOptions = {},
): AsyncGenerator<(string | Buffer)[], void, undefined> {
  let carry: Buffer | undefined;
  for await (const chunk of await readDecompressed(input, options)) {
    const bytes = toBuffer(chunk);
    // An empty chunk would otherwise leave an empty carry: a phantom last line.
    if (bytes.length === 0) continue;
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      // Copied: the chunk's memory may be reused by the stream after we hand it back.
      carry = carry === undefined ? Buffer.from(bytes) : Buffer.concat([carry, bytes]);
      continue;
    }
    let lines: (string | Buffer)[];
    if (carry === undefined) {
      lines = splitBlock(bytes.subarray(0, lastNewline));
    } else {
      // Only the line the carry belongs to is copied, not the whole chunk.
      const firstNewline = bytes.indexOf(NEWLINE);
      lines = splitBlock(Buffer.concat([carry, bytes.subarray(0, firstNewline)]));
      if (firstNewline < lastNewline) {
        for (const line of splitBlock(bytes.subarray(firstNewline + 1, lastNewline))) {
          lines.push(line);
        }
      }
      carry = undefined;
    }
    if (lastNewline + 1 < bytes.length) carry = Buffer.from(bytes.subarray(lastNewline + 1));
    yield lines;
  }
  if (carry !== undefined) yield splitBlock(carry);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The lines of a block that holds whole lines only (no final newline). */
function splitBlock(block: Buffer): (string | Buffer)[] {
  let text: string;
  try {
    text = utf8.decode(block);
  } catch {
    return splitBytes(block);
  }
  const lines = text.split('\n');
  // Most inputs have no `\r` at all: one search instead of a test per line.
  if (text.indexOf('\r') === -1) return lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === CARRIAGE_RETURN) {
      lines[i] = line.slice(0, -1);
    }
  }
  return lines;
}

/** The slow way, for a block with bad UTF-8 somewhere: line by line, bad lines as bytes. */
function splitBytes(block: Buffer): (string | Buffer)[] {
  const lines: (string | Buffer)[] = [];
  let start = 0;
  for (;;) {
    const newline = block.indexOf(NEWLINE, start);
    let line = block.subarray(start, newline === -1 ? block.length : newline);
    if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, -1);
    try {
      lines.push(utf8.decode(line));
    } catch {
      lines.push(Buffer.from(line));
    }
    if (newline === -1) return lines;
    start = newline + 1;
  }
}
