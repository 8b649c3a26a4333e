import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HASH_KEY, ShardMap, hashKeyOf, parseHashKey, type ShardRange } from '../src/index.js';

/** Cuts [0, 2^128) into contiguous ranges at the given points. */
function rangesAt(cuts: bigint[]): ShardRange[] {
  const points = [...new Set(cuts.filter((c) => c > 0n && c <= MAX_HASH_KEY))].sort((a, b) =>
    a < b ? -1 : 1,
  );
  const starts = [0n, ...points];
  return starts.map((start, i) => ({
    shardId: `shardId-${String(i).padStart(12, '0')}`,
    startingHashKey: start,
    endingHashKey: i + 1 < starts.length ? starts[i + 1] - 1n : MAX_HASH_KEY,
  }));
}

const hashKey = fc.bigInt({ min: 0n, max: MAX_HASH_KEY });

describe('hashKeyOf', () => {
  it('is the MD5 of the UTF-8 partition key as a big-endian integer', () => {
    expect(hashKeyOf('a')).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 256 }), (key) => {
        const hex = createHash('md5').update(Buffer.from(key, 'utf8')).digest('hex');
        expect(hashKeyOf(key)).toBe(BigInt(`0x${hex}`));
      }),
    );
  });
});

describe('parseHashKey', () => {
  it('round-trips every hash key', () => {
    fc.assert(fc.property(hashKey, (k) => parseHashKey(k.toString()) === k));
  });

  it.each(['', '-1', 'abc', '1e3', ' 1', (1n << 128n).toString(), '0x10'])('rejects %j', (s) => {
    expect(parseHashKey(s)).toBeUndefined();
  });
});

describe('ShardMap', () => {
  it('finds the one range holding any key, as a linear scan would', () => {
    fc.assert(
      fc.property(fc.array(hashKey, { maxLength: 20 }), hashKey, (cuts, key) => {
        const ranges = rangesAt(cuts);
        const map = new ShardMap([...ranges].reverse());
        const expected = ranges.find((r) => r.startingHashKey <= key && key <= r.endingHashKey);
        expect(map.shardFor(key)?.shardId).toBe(expected?.shardId);
      }),
    );
  });

  it('routes by explicit hash key before partition key', () => {
    const map = new ShardMap(rangesAt([1n << 127n]));
    const low = map.predict({ partitionKey: 'x', explicitHashKey: '0' });
    const high = map.predict({ partitionKey: 'x', explicitHashKey: MAX_HASH_KEY.toString() });
    expect([low?.shardId, high?.shardId]).toEqual([map.shards[0].shardId, map.shards[1].shardId]);
    expect(map.predict({})).toBeUndefined();
  });

  it('keeps only open shards from ListShards', () => {
    const map = ShardMap.fromListShards([
      {
        ShardId: 'shardId-000000000000',
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: MAX_HASH_KEY.toString() },
        SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '9' },
      },
      {
        ShardId: 'shardId-000000000001',
        ParentShardId: 'shardId-000000000000',
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: '99' },
        SequenceNumberRange: { StartingSequenceNumber: '10' },
      },
      {
        ShardId: 'shardId-000000000002',
        ParentShardId: 'shardId-000000000000',
        HashKeyRange: { StartingHashKey: '100', EndingHashKey: MAX_HASH_KEY.toString() },
        SequenceNumberRange: { StartingSequenceNumber: '11' },
      },
    ]);
    expect(map.shards.map((s) => s.shardId)).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
    expect(map.get('shardId-000000000000')).toBeUndefined();
    expect(map.shardFor(100n)?.parentShardId).toBe('shardId-000000000000');
  });
});
