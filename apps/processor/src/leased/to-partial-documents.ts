import type { PartialDocument } from '@tripstream/opensearch-sink';
import type { VersionedRecord } from '@tripstream/reference-job';

/**
 * The documents one shard's pipeline fired, as that shard's parts. `progress` is the sequence
 * number of the last record of the batch that fired them: it grows along the shard, so a part
 * from a worker that lost the lease (older progress) can never replace a newer one.
 */
export function toPartialDocuments(
  records: readonly VersionedRecord[],
  shardId: string,
  progress: string,
  indexPrefix: string,
): PartialDocument[] {
  return records.map((r) => ({
    index: `${indexPrefix}${r.index}`,
    id: r.id,
    part: shardId,
    progress,
    document: r.doc as unknown as Record<string, unknown>,
  }));
}
