/**
 * One contributor's share of a document (e.g. what one Kinesis shard's windows counted for a key
 * and window), written by {@link PartialMergeWriter}. Every contributor of a document sends the
 * same `index`, `id` and non-summed fields; the summed fields hold its own share only.
 */
export interface PartialDocument {
  /** The index of the merged document, e.g. `pickup_count`. */
  readonly index: string;
  /** The merged document's `_id`, the same for every contributor. */
  readonly id: string;
  /** Who contributes, e.g. the shard id. A part's newer contribution replaces its older one. */
  readonly part: string;
  /**
   * Orders the contributions of one part: a decimal number as a string (e.g. the sequence number of
   * the last record the part had read when it fired), compared by length then digit by digit. A
   * contribution whose progress is below the stored one is stale (a zombie worker's) and ignored.
   */
  readonly progress: string;
  /** The document with this part's values of the summed fields. */
  readonly document: Readonly<Record<string, unknown>>;
}

/** How the parts of one index's documents combine into the merged document. */
export interface PartialMergeSpec {
  /** Numeric fields whose merged value is the sum over parts, e.g. `['trip_count']`. */
  readonly sum: readonly string[];
  /** Fields recomputed from merged sums: `field = numerator / denominator`. Default: none. */
  readonly ratios?: readonly {
    readonly field: string;
    readonly numerator: string;
    readonly denominator: string;
  }[];
  /**
   * The merged document exists only when this summed field reaches `value` (e.g. at least 2 trips).
   * Parts only grow, so a document below the minimum was never written. Default: none.
   */
  readonly minimum?: { readonly field: string; readonly value: number };
}

/** What one {@link PartialMergeWriter.write} did. */
export interface PartialMergeResult {
  /** Parts stored (new, or replacing an older contribution of the same part). */
  readonly partsStored: number;
  /** Parts ignored: the same contribution again (a replay) or an older one (a zombie). */
  readonly partsUnchanged: number;
  /** Merged documents written (or rewritten identically). */
  readonly merged: number;
  /** Merged documents not written because a newer merge of the same id was already indexed. */
  readonly superseded: number;
  /** Merged documents below the spec's minimum, so not written. */
  readonly belowMinimum: number;
}
