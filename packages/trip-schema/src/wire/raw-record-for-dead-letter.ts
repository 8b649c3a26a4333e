/**
 * A record's raw content in a form any JSON dead letter can hold without loss: `text` when the
 * bytes are valid UTF-8 (or the record was text already), `base64` of the exact bytes otherwise.
 */
export type DeadLetterRawRecord = { text: string } | { base64: string };

// ignoreBOM: keep a leading U+FEFF in the text instead of silently dropping its three bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns a record that did not decode into a dead-letter-safe value that keeps every byte:
 * `Buffer.from(r.base64, 'base64')` or `Buffer.from(r.text, 'utf8')` gives the bytes back. Use
 * it instead of a lenient `TextDecoder`, which replaces bad bytes with U+FFFD and loses them.
 * Never throws for a string or a byte array, whatever its content.
 */
export function rawRecordForDeadLetter(record: Uint8Array | string): DeadLetterRawRecord {
  if (typeof record === 'string') return { text: record };
  try {
    return { text: utf8.decode(record) };
  } catch {
    return {
      base64: Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString('base64'),
    };
  }
}
