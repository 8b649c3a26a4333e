import assert from 'node:assert/strict';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import {
  combineWatermarks,
  countAggregate,
  deduplicate,
  tumblingEventTimeWindows,
  windowAggregate,
  type StreamEvent,
  type StreamRecord,
} from '../src/index.js';

interface Trip {
  tripId: string;
  cell: string;
}
const MINUTE = 60_000;
const trip = (tripId: string, minute: number, input: string): StreamEvent<Trip> => ({
  kind: 'record',
  timestamp: minute * MINUTE,
  value: { tripId, cell: 'dr5ru7c' },
  input,
});

// Kinesis is at-least-once: a retried PutRecords or a replay with --seek delivers trips twice.
const shardEvents: StreamEvent<Trip>[][] = [
  [trip('t1', 5, 'shard-0'), trip('t2', 10, 'shard-0')],
  [trip('t1', 5, 'shard-1'), trip('t3', 20, 'shard-1')], // t1 again, via another shard
  [trip('t2', 10, 'shard-0')], // t2 again
];

const duplicates$ = new Subject<StreamRecord<Trip>>();
const duplicates: string[] = [];
duplicates$.subscribe((record) => duplicates.push(record.value.tripId));

const results = await lastValueFrom(
  from(shardEvents).pipe(
    combineWatermarks<Trip>({ inputs: ['shard-0', 'shard-1'] }),
    // Remember a trip id for as long as a copy could still land in its window.
    deduplicate<Trip>({
      key: (t) => t.tripId,
      horizonMs: 60 * MINUTE,
      duplicateOutput: duplicates$,
    }),
    windowAggregate(
      tumblingEventTimeWindows({ size: 60 * MINUTE }),
      (t: Trip) => t.cell,
      countAggregate<Trip>(),
    ),
    toArray(),
  ),
);

assert.deepEqual(
  results.map((r) => [r.key, r.value]),
  [['dr5ru7c', 3]], // t1, t2, t3: each once
);
assert.deepEqual(duplicates, ['t1', 't2']);
