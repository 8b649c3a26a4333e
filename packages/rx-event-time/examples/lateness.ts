import assert from 'node:assert/strict';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import {
  countAggregate,
  tumblingEventTimeWindows,
  windowAggregate,
  type LateRecord,
  type StreamEvent,
} from '../src/index.js';

const MINUTE = 60_000;
const events: StreamEvent<string>[] = [
  { kind: 'record', timestamp: 10 * MINUTE, value: 'a' },
  { kind: 'watermark', timestamp: 60 * MINUTE }, // fires [0, 60 min)
  { kind: 'record', timestamp: 20 * MINUTE, value: 'a' }, // late, within 5 min: an update
  { kind: 'watermark', timestamp: 66 * MINUTE }, // [0, 60 min) is now beyond its lateness
  { kind: 'record', timestamp: 30 * MINUTE, value: 'a' }, // too late: side output
];

const late$ = new Subject<LateRecord<string, string>>();
const late: LateRecord<string, string>[] = [];
late$.subscribe((record) => late.push(record));

const results = await lastValueFrom(
  from(events).pipe(
    windowAggregate(
      tumblingEventTimeWindows({ size: 60 * MINUTE }),
      (v: string) => v,
      countAggregate<string>(),
      { allowedLateness: 5 * MINUTE, lateOutput: late$ },
    ),
    toArray(),
  ),
);

assert.deepEqual(
  results.map((r) => [r.value, r.isUpdate]),
  [
    [1, false], // on time
    [2, true], // the late firing replaces it
  ],
);
assert.equal(late.length, 1);
assert.equal(late[0].timestamp, 30 * MINUTE);
assert.equal(late[0].reason, 'beyond-allowed-lateness');
