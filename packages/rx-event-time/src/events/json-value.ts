/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. Snapshots are made of these. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A timestamp inside a snapshot: JSON has no infinities, so the initial watermark (-Infinity) and
 * the end-of-stream watermark (+Infinity) are written as strings, like trip-schema's `"+infinity"`.
 */
export type JsonTimestamp = number | '+infinity' | '-infinity';
