/** Containers deeper than this print as `[…]` / `{…}`: a record may nest 20,000 levels. */
const MAX_DEPTH = 3;
/** Items or keys printed per container before `…`. */
const MAX_ITEMS = 8;
/** Bytes of a byte array shown in hex. */
const MAX_BYTES = 16;

/**
 * A short, single-line rendering of any value for an error message, at most `maxChars`
 * characters. Unlike `JSON.stringify` it never recurses deeper than {@link MAX_DEPTH}, never walks
 * more than a few items per container and never throws (a throwing getter or proxy prints as
 * `<unprintable>`), so a hostile record cannot turn an error message into a crash.
 *
 * @internal
 */
export function previewValue(value: unknown, maxChars = 80): string {
  let text: string;
  try {
    text = render(value, 0, maxChars + 1);
  } catch {
    text = '<unprintable>';
  }
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}

/** Renders `value`; stops adding once `budget` characters are reached (the caller cuts). */
function render(value: unknown, depth: number, budget: number): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      // Cut before quoting: a 100 MB string must not be copied whole.
      return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
    case 'number':
      // JSON.stringify would print NaN and Infinity as null.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return '<function>';
  }
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return renderBytes(value);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  const parts: string[] = [];
  let length = 2;
  let more = false;
  if (Array.isArray(value)) {
    const array = value as unknown[];
    for (let i = 0; i < array.length; i++) {
      if (i >= MAX_ITEMS || length >= budget) {
        more = true;
        break;
      }
      const part = render(array[i], depth + 1, budget - length);
      parts.push(part);
      length += part.length + 1;
    }
    if (more) parts.push('…');
    return `[${parts.join(',')}]`;
  }
  let count = 0;
  // for...in stops early, where Object.keys would list a million keys first.
  for (const key in value as Record<string, unknown>) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (count >= MAX_ITEMS || length >= budget) {
      more = true;
      break;
    }
    count++;
    const name = JSON.stringify(key.length > budget ? key.slice(0, budget) : key);
    const part = `${name}:${render((value as Record<string, unknown>)[key], depth + 1, budget - length - name.length)}`;
    parts.push(part);
    length += part.length + 1;
  }
  if (more) parts.push('…');
  return `{${parts.join(',')}}`;
}

function renderBytes(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let hex = '';
  for (let i = 0; i < Math.min(bytes.length, MAX_BYTES); i++) {
    hex += (i === 0 ? '' : ' ') + bytes[i].toString(16).padStart(2, '0');
  }
  return `<${bytes.length} bytes: ${hex}${bytes.length > MAX_BYTES ? ' …' : ''}>`;
}
