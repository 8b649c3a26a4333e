const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A raw record as JSON: its text, or its bytes in base64 when they are not UTF-8. */
export function rawRecordForDeadLetter(
  data: Uint8Array | string,
): { text: string } | { base64: string } {
  if (typeof data === 'string') return { text: data };
  try {
    return { text: utf8.decode(data) };
  } catch {
    return {
      base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
    };
  }
}
