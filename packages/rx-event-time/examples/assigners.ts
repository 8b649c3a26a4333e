import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import {
  countAggregate,
  eventTimeSessionWindows,
  slidingEventTimeWindows,
  tumblingEventTimeWindows,
  windowAggregate,
  type StreamEvent,
  type WindowAssigner,
} from '../src/index.js';

// Records of one key at 0 s, 20 s, 50 s, 130 s, then the end of the stream.
const events: StreamEvent<string>[] = [0, 20_000, 50_000, 130_000].map((timestamp) => ({
  kind: 'record',
  timestamp,
  value: 'k',
}));

async function windows(assigner: WindowAssigner): Promise<string[]> {
  const results = await lastValueFrom(
    from([events]).pipe(
      windowAggregate(assigner, (v: string) => v, countAggregate<string>()),
      toArray(),
    ),
  );
  return results.map((r) => `[${r.window.start / 1000}s, ${r.window.end / 1000}s): ${r.value}`);
}

// One-minute windows, the grid shifted by 30 s.
assert.deepEqual(await windows(tumblingEventTimeWindows({ size: 60_000, offset: 30_000 })), [
  '[-30s, 30s): 2',
  '[30s, 90s): 1',
  '[90s, 150s): 1',
]);
// The last minute, every 30 s: each record is in two windows.
assert.deepEqual(await windows(slidingEventTimeWindows({ size: 60_000, slide: 30_000 })), [
  '[-30s, 30s): 2',
  '[0s, 60s): 3',
  '[30s, 90s): 1',
  '[90s, 150s): 1',
  '[120s, 180s): 1',
]);
// Sessions closed by 40 s without a record.
assert.deepEqual(await windows(eventTimeSessionWindows({ gap: 40_000 })), [
  '[0s, 90s): 3',
  '[130s, 170s): 1',
]);
