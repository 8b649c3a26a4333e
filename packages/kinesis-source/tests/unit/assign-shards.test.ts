import { describe, expect, it } from 'vitest';
import { assignShards, InvalidOptionError, parseWorker, type ShardInfo } from '../../src/index.js';

const shard = (n: number, parent?: number): ShardInfo => ({
  shardId: `shardId-${String(n).padStart(12, '0')}`,
  ...(parent === undefined ? {} : { parentShardId: `shardId-${String(parent).padStart(12, '0')}` }),
  hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
  sequenceNumberRange: { startingSequenceNumber: '0' },
});

describe('assignShards / parseWorker', () => {
  it('deals roots round-robin in shard-id order and keeps descendants with their root', () => {
    // Ids sort numerically, not as strings: 10 comes after 9.
    const listing = [
      shard(0),
      shard(1),
      shard(2),
      shard(9),
      shard(10),
      shard(11, 1),
      shard(12, 11),
    ];
    const of = (w: number) =>
      listing.filter((s) => assignShards(w, 2)(s, listing)).map((s) => s.shardId.slice(-2));
    expect(of(0)).toEqual(['00', '02', '10']);
    expect(of(1)).toEqual(['01', '09', '11', '12']);
  });

  it('validates its arguments', () => {
    expect(() => assignShards(2, 2)).toThrow(InvalidOptionError);
    expect(() => assignShards(0, 0)).toThrow(/workers/);
    expect(() => assignShards(-1, 2)).toThrow(/worker/);
  });

  it('parses i/n', () => {
    expect(parseWorker('0/2')).toEqual({ worker: 0, workers: 2 });
    expect(parseWorker(' 3 / 4 ')).toEqual({ worker: 3, workers: 4 });
    for (const bad of ['2/2', '1', 'a/b', '-1/2', '0/0', '']) {
      expect(() => parseWorker(bad)).toThrow(InvalidOptionError);
    }
  });
});
