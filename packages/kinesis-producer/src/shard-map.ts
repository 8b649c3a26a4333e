import type { Shard } from '@aws-sdk/client-kinesis';
import { hashKeyOf, parseHashKey } from './hash-key.js';

/** One open shard and the hash keys it owns, `[startingHashKey, endingHashKey]` inclusive. */
export interface ShardRange {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
}

/**
 * The open shards of a stream, sorted by hash key, answering "which shard will this record land
 * on". Immutable: a refresh builds a new map.
 */
export class ShardMap {
  /** Open shards in hash-key order. */
  readonly shards: readonly ShardRange[];
  private readonly byId: ReadonlyMap<string, ShardRange>;

  constructor(shards: Iterable<ShardRange>) {
    this.shards = [...shards].sort((a, b) =>
      a.startingHashKey < b.startingHashKey ? -1 : a.startingHashKey > b.startingHashKey ? 1 : 0,
    );
    this.byId = new Map(this.shards.map((s) => [s.shardId, s]));
  }

  /** Builds the map from a `ListShards` answer, keeping only open shards (no ending sequence number). */
  static fromListShards(shards: readonly Shard[]): ShardMap {
    const open: ShardRange[] = [];
    for (const s of shards) {
      if (!s.ShardId || !s.HashKeyRange?.StartingHashKey || !s.HashKeyRange.EndingHashKey) continue;
      if (s.SequenceNumberRange?.EndingSequenceNumber !== undefined) continue;
      open.push({
        shardId: s.ShardId,
        startingHashKey: BigInt(s.HashKeyRange.StartingHashKey),
        endingHashKey: BigInt(s.HashKeyRange.EndingHashKey),
        ...(s.ParentShardId !== undefined && { parentShardId: s.ParentShardId }),
        ...(s.AdjacentParentShardId !== undefined && {
          adjacentParentShardId: s.AdjacentParentShardId,
        }),
      });
    }
    return new ShardMap(open);
  }

  get size(): number {
    return this.shards.length;
  }

  /** The open shard with this id, if there is one. */
  get(shardId: string): ShardRange | undefined {
    return this.byId.get(shardId);
  }

  /** The open shard whose range holds `hashKey`; `undefined` for an empty map or a gap. */
  shardFor(hashKey: bigint): ShardRange | undefined {
    const shards = this.shards;
    let lo = 0;
    let hi = shards.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = shards[mid];
      if (hashKey < s.startingHashKey) hi = mid - 1;
      else if (hashKey > s.endingHashKey) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  /**
   * The shard a record would land on: its explicit hash key wins over its partition key, as in
   * Kinesis. `undefined` when neither is usable.
   */
  predict(record: { partitionKey?: string; explicitHashKey?: string }): ShardRange | undefined {
    if (record.explicitHashKey !== undefined) {
      const key = parseHashKey(record.explicitHashKey);
      return key === undefined ? undefined : this.shardFor(key);
    }
    if (record.partitionKey === undefined) return undefined;
    return this.shardFor(hashKeyOf(record.partitionKey));
  }
}
