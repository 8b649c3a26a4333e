import { BulkItemError, OpenSearchRequestError } from '../errors.js';
import type { IndexRequest } from '../types.js';

/** One accepted document on its way. @internal */
export interface Entry<T> {
  readonly seq: number;
  readonly request: T;
  /**
   * The NDJSON action and source lines, newline-terminated, UTF-8 encoded once: concatenating
   * buffers into a body is a memcpy, where joining a thousand strings and encoding the result on
   * the socket costs more than serialising the documents did.
   */
  readonly line: Buffer;
  readonly bytes: number;
  /** Why the writer refuses it without sending, if it does. */
  readonly invalid?: string;
  attempts: number;
  settled: boolean;
}

/** A `write()` waiting for room in the buffer. @internal */
export interface Waiter<T> {
  readonly entry: Entry<T>;
  resolve(): void;
  reject(error: Error): void;
}

/** A document refused for good, with why. @internal */
export interface Refusal<T> {
  readonly entry: Entry<T>;
  readonly error: BulkItemError;
}

/** @internal */
export const EMPTY = Buffer.alloc(0);

/**
 * Encodes a request as its NDJSON lines once, or as an entry to refuse (with the reason) when it
 * cannot be sent at all. `actionPrefixes` caches `{"index":{"_index":"<index>","_id":` per index,
 * so the index is escaped once, not per document.
 * @internal
 */
export function encodeEntry<T extends IndexRequest>(
  seq: number,
  request: T,
  actionPrefixes: Map<string, string>,
): Entry<T> {
  const index = (request as Partial<IndexRequest> | null)?.index;
  const id = (request as Partial<IndexRequest> | null)?.id;
  const refuse = (invalid: string): Entry<T> => ({
    seq,
    request,
    line: EMPTY,
    bytes: 0,
    invalid,
    attempts: 0,
    settled: false,
  });
  if (typeof index !== 'string' || index.length === 0) {
    return refuse('index must be a non-empty string');
  }
  if (typeof id !== 'string' || id.length === 0) {
    return refuse('id must be a non-empty string (the sink never lets OpenSearch pick ids)');
  }
  if (id.length > 170 && Buffer.byteLength(id) > 512) return refuse('id is longer than 512 bytes');
  let source: string | undefined;
  try {
    source = JSON.stringify(request.document);
  } catch (err) {
    return refuse(`document is not serialisable to JSON: ${(err as Error).message}`);
  }
  if (source === undefined) return refuse('document serialises to nothing');
  let prefix = actionPrefixes.get(index);
  if (prefix === undefined) {
    if (actionPrefixes.size >= 1_000) actionPrefixes.clear();
    prefix = `{"index":{"_index":${JSON.stringify(index)},"_id":`;
    actionPrefixes.set(index, prefix);
  }
  const { version } = request;
  if (version !== undefined && !(Number.isSafeInteger(version) && version >= 0)) {
    return refuse(`version must be a whole number >= 0, got ${String(version)}`);
  }
  const versioned =
    version === undefined ? '' : `,"version":${version},"version_type":"external_gte"`;
  const line = Buffer.from(`${prefix}${JSON.stringify(id)}${versioned}}}\n${source}\n`);
  return { seq, request, line, bytes: line.length, attempts: 0, settled: false };
}

/** The refusal of a document that cannot be sent at all (see {@link encodeEntry}). @internal */
export function unsendable<T>(entry: Entry<T>, reason: string): Refusal<T> {
  const request = entry.request as Partial<IndexRequest> | null;
  return {
    entry,
    error: new BulkItemError(
      String(request?.index ?? ''),
      String(request?.id ?? ''),
      0,
      'invalid_request',
      reason,
      0,
    ),
  };
}

/** The refusals of documents given up after `error` failed their request or the writer. @internal */
export function abandoned<T extends IndexRequest>(
  entries: readonly Entry<T>[],
  error: Error,
  type: 'request_failed' | 'writer_failed',
): Refusal<T>[] {
  const status = error instanceof OpenSearchRequestError ? error.statusCode : 0;
  return entries.map((entry) => ({
    entry,
    error: new BulkItemError(
      entry.request.index,
      entry.request.id,
      status,
      type,
      `${error.name}: ${error.message}`,
      entry.attempts,
      { cause: error },
    ),
  }));
}
