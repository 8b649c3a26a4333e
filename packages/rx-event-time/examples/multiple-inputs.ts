import assert from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import {
  combineWatermarks,
  WatermarkStrategy,
  type StreamEvent,
  type WatermarkedEvent,
} from '../src/index.js';

// Two shards with punctuated watermarks; shard 1 goes silent. In virtual time (1 frame = 1 ms).
new TestScheduler(assert.deepEqual).run(({ cold, expectObservable }) => {
  const shards = cold<StreamEvent<string>[]>('a 9ms b 99ms |', {
    a: [
      { kind: 'record', timestamp: 1_000, value: 'trip', input: 'shard-0' },
      { kind: 'watermark', timestamp: 1_500, input: 'shard-0' },
      { kind: 'watermark', timestamp: 1_200, input: 'shard-1' },
    ],
    b: [{ kind: 'watermark', timestamp: 3_000, input: 'shard-0' }],
  });
  const watermarked = shards.pipe(
    combineWatermarks<string>({
      inputs: ['shard-0', 'shard-1'], // known shards hold the watermark until they speak
      watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<string>().withIdleness(50),
      finalWatermark: Infinity, // the default: the end of every input fires every window
    }),
  );
  const w = (timestamp: number): WatermarkedEvent<string>[] => [{ kind: 'watermark', timestamp }];
  expectObservable(watermarked).toBe('a 49ms b 59ms (c|)', {
    a: [{ kind: 'record', timestamp: 1_000, value: 'trip', input: 'shard-0' }, ...w(1_200)],
    b: w(3_000), // t = 50 ms: shard-1 idle, so shard-0 alone decides
    c: w(Infinity),
  });
});
