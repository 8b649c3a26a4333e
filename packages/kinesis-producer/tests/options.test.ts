import { describe, expect, it } from 'vitest';
import { InvalidOptionError, KinesisProducer, type KinesisProducerOptions } from '../src/index.js';
import { kinesisClient } from './support/kinesis.js';

const client = kinesisClient('http://127.0.0.1:9');
const base: KinesisProducerOptions = { client, streamName: 's' };

describe('options', () => {
  it('accepts the minimal options', () => {
    expect(() => new KinesisProducer(base)).not.toThrow();
    expect(() => new KinesisProducer({ client, streamARN: 'arn:aws:kinesis:x' })).not.toThrow();
  });

  it.each<[string, Partial<KinesisProducerOptions>]>([
    ['client', { client: {} as never }],
    ['streamName', { streamName: undefined }],
    ['streamName', { streamName: '' }],
    ['batch.maxRecords', { batch: { maxRecords: 501 } }],
    ['batch.maxRecords', { batch: { maxRecords: 1.5 } }],
    ['batch.maxBytes', { batch: { maxBytes: 6 * 1024 * 1024 } }],
    ['batch.lingerMs', { batch: { lingerMs: -1 } }],
    ['batch.maxInFlightRequests', { batch: { maxInFlightRequests: 0 } }],
    ['batch.maxBufferedBytes', { batch: { maxBufferedBytes: 1000 } }],
    ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
    ['retry.maxDelayMs', { retry: { baseDelayMs: 100, maxDelayMs: 50 } }],
    ['pacing.recordsPerSecondPerShard', { pacing: { recordsPerSecondPerShard: 0 } }],
    ['pacing.burstMs', { pacing: { burstMs: Infinity } }],
    ['watermark.encode', { watermark: {} as never }],
    ['watermark.intervalMs', { watermark: { encode: () => '', intervalMs: 0 } }],
    ['watermark.everyRecords', { watermark: { encode: () => '', everyRecords: 0 } }],
    ['watermark.maxOutOfOrdernessMs', { watermark: { encode: () => '', maxOutOfOrdernessMs: -5 } }],
    ['watermark.final', { watermark: { encode: () => '', final: 'no' as never } }],
    ['watermark.partitionKey', { watermark: { encode: () => '', partitionKey: '' } }],
    ['aggregation.maxBytes', { aggregation: { maxBytes: 2 * 1024 * 1024 } }],
    ['shardMapRefreshMs', { shardMapRefreshMs: 0 }],
    ['clock', { clock: { now: () => 0 } as never }],
    ['onAcknowledge', { onAcknowledge: 'yes' as never }],
  ])('names %s when it is invalid', (option, patch) => {
    let error: unknown;
    try {
      new KinesisProducer({ ...base, ...patch });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect((error as InvalidOptionError).message).toContain(option);
  });
});
