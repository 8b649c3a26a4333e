import { SchemaError } from './schema-error.js';
import type { WireEvent } from './types.js';
import { validateWireEvent } from './validate-wire-event.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one JSON line (or one Kinesis record's bytes) into a wire event. A record without
 * `type` is a trip and comes back with `type: 'trip'`.
 *
 * @param lineNumber 1-based position reported in a {@link SchemaError}; omit for records.
 * @throws SchemaError when the line is not UTF-8, not JSON, or not a valid event.
 */
export function decode(line: string | Uint8Array, lineNumber?: number): WireEvent {
  let text: string;
  if (typeof line === 'string') {
    text = line;
  } else {
    try {
      text = utf8.decode(line);
    } catch (cause) {
      throw new SchemaError({ lineNumber, field: '$', value: line, reason: 'not UTF-8', cause });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SchemaError({
      lineNumber,
      field: '$',
      value: text.length > 200 ? text.slice(0, 200) : text,
      reason: 'not valid JSON',
      cause,
    });
  }
  return validateWireEvent(value, lineNumber);
}
