import { SchemaError } from './schema-error.js';
import type { WireEvent } from './types.js';
import { validateWireEvent } from './validate-wire-event.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Characters of a line that is not JSON kept in `SchemaError.value`. */
const MAX_VALUE_CHARS = 200;

/**
 * Decodes one JSON line (or one Kinesis record's bytes) into a wire event. A record without
 * `type` is a trip and comes back with `type: 'trip'`.
 *
 * Throws nothing but {@link SchemaError}, whatever the input (bytes that are not UTF-8, invalid,
 * huge or deeply nested JSON, wrong shapes, numbers out of range): a caller that catches it can
 * dead-letter the record and go on. Keep the record's bytes with `rawRecordForDeadLetter`.
 *
 * @param lineNumber 1-based position reported in a {@link SchemaError}; omit for records.
 * @throws SchemaError when the line is not UTF-8, not JSON, or not a valid event.
 */
export function decode(line: string | Uint8Array, lineNumber?: number): WireEvent {
  let text: string;
  if (typeof line === 'string') {
    text = line;
  } else if (ArrayBuffer.isView(line)) {
    try {
      text = utf8.decode(line);
    } catch (cause) {
      // TypeError: a bad byte sequence; anything else (RangeError): more text than a string holds.
      const reason = cause instanceof TypeError ? 'not UTF-8' : 'too large to read as text';
      throw new SchemaError({ lineNumber, field: '$', value: line, reason, cause });
    }
  } else {
    throw new SchemaError({
      lineNumber,
      field: '$',
      value: line,
      reason: 'expected a string or bytes (Uint8Array)',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SchemaError({
      lineNumber,
      field: '$',
      value: text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) : text,
      reason: 'not valid JSON',
      cause,
    });
  }
  try {
    return validateWireEvent(value, lineNumber);
  } catch (cause) {
    if (cause instanceof SchemaError) throw cause;
    // Not expected for parsed JSON; kept so that no input can make decode throw anything else.
    throw new SchemaError({
      lineNumber,
      field: '$',
      value: text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) : text,
      reason: 'could not be validated',
      cause,
    });
  }
}
