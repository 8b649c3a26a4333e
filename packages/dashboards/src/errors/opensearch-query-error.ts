/** OpenSearch answered a search with an error status. */
export class OpenSearchQueryError extends Error {
  override readonly name = 'OpenSearchQueryError';

  constructor(
    /** The index (or pattern) that was searched. */
    readonly index: string,
    /** HTTP status of the answer. */
    readonly status: number,
    /** OpenSearch's `error.reason` (or the raw body when it has none). */
    readonly reason: string,
  ) {
    super(`search on ${index} failed with HTTP ${status}: ${reason}`);
  }
}
