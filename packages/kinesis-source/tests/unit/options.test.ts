import { KinesisClient } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import {
  createKinesisSource,
  InvalidOptionError,
  type KinesisSourceOptions,
} from '../../src/index.js';

const client = new KinesisClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const base: KinesisSourceOptions = { client, streamName: 's' };

function rejection(options: unknown): InvalidOptionError {
  try {
    createKinesisSource(options as KinesisSourceOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidOptionError);
    return e as InvalidOptionError;
  }
  throw new Error('accepted');
}

describe('option validation at construction', () => {
  it('accepts the minimal options and reads nothing until consumed', () => {
    const s = createKinesisSource(base);
    expect(s.positions()).toEqual({ shards: {}, finished: [] });
    expect(s.stats()).toEqual({ shards: [], bufferedRecords: 0 });
  });

  it.each([
    [{ ...base, client: undefined }, 'client'],
    [{ client }, 'streamName'],
    [{ ...base, streamARN: 'arn:aws:kinesis:us-east-1:1:stream/s' }, 'streamARN'],
    [{ ...base, streamName: '' }, 'streamName'],
    [{ ...base, maxCallsPerSecondPerShard: 0 }, 'maxCallsPerSecondPerShard'],
    [{ ...base, maxBytesPerSecondPerShard: -1 }, 'maxBytesPerSecondPerShard'],
    [{ ...base, maxRecordsPerCall: 10_001 }, 'maxRecordsPerCall'],
    [{ ...base, maxRecordsPerCall: 1.5 }, 'maxRecordsPerCall'],
    [{ ...base, idlePollIntervalMs: Number.NaN }, 'idlePollIntervalMs'],
    [{ ...base, idleTimeoutMs: -5 }, 'idleTimeoutMs'],
    [{ ...base, shardDiscoveryIntervalMs: 0 }, 'shardDiscoveryIntervalMs'],
    [{ ...base, retry: { baseDelayMs: 100, maxDelayMs: 50 } }, 'retry.maxDelayMs'],
    [{ ...base, retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ ...base, retry: { maxThrottledAttempts: 2.5 } }, 'retry.maxThrottledAttempts'],
    [{ ...base, maxBufferedRecords: 0 }, 'maxBufferedRecords'],
    [{ ...base, deaggregate: 'yes' }, 'deaggregate'],
    [{ ...base, shardFilter: 'all' }, 'shardFilter'],
    [{ ...base, startPosition: { type: 'EARLIEST' } }, 'startPosition.type'],
    [
      { ...base, startPosition: { type: 'AT_TIMESTAMP', timestamp: new Date('nope') } },
      'startPosition.timestamp',
    ],
    [{ ...base, checkpoint: { shards: {} } }, 'checkpoint'],
    [
      { ...base, checkpoint: { shards: { a: { sequenceNumber: 12 } }, finished: [] } },
      'checkpoint.shards.a.sequenceNumber',
    ],
    [
      {
        ...base,
        checkpoint: { shards: { a: { sequenceNumber: '1', subSequenceNumber: -1 } }, finished: [] },
      },
      'checkpoint.shards.a.subSequenceNumber',
    ],
    [
      {
        ...base,
        checkpoint: { shards: { a: { startPosition: { type: 'LATEST' } } }, finished: [] },
      },
      'checkpoint.shards.a.startPosition',
    ],
  ])('rejects %j naming %s', (options, field) => {
    const e = rejection(options);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.name).toBe('InvalidOptionError');
  });

  it('accepts Infinity where documented', () => {
    expect(() =>
      createKinesisSource({
        ...base,
        shardDiscoveryIntervalMs: Infinity,
        idleTimeoutMs: Infinity,
        retry: { maxThrottledAttempts: Infinity },
      }),
    ).not.toThrow();
  });

  it('starts positions() from the checkpoint (finished wins over a position for the same shard)', () => {
    const s = createKinesisSource({
      ...base,
      checkpoint: {
        shards: {
          'shardId-000000000002': { sequenceNumber: '5' },
          'shardId-000000000001': { sequenceNumber: '7' },
        },
        finished: ['shardId-000000000001', 'shardId-000000000000'],
      },
    });
    expect(s.positions()).toEqual({
      shards: { 'shardId-000000000002': { sequenceNumber: '5' } },
      finished: ['shardId-000000000000', 'shardId-000000000001'],
    });
  });
});
