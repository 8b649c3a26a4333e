import assert from 'node:assert/strict';
import {
  countAggregate,
  tumblingEventTimeWindows,
  WatermarkCombiner,
  WatermarkStrategy,
  WindowOperator,
  type LateRecord,
  type StreamEvent,
  type WindowOutput,
  type WindowResult,
} from '../src/index.js';

// The processor's shape, driven synchronously: N shards -> one combiner -> two window operators.
interface Trip {
  cell: string;
  airport?: string;
}
const HOUR = 3_600_000;

function createJob(shards: string[]) {
  return {
    combiner: new WatermarkCombiner<Trip>({
      inputs: shards,
      watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<Trip>().withIdleness(60_000),
    }),
    pickups: new WindowOperator({
      assigner: tumblingEventTimeWindows({ size: HOUR }),
      keySelector: (trip: Trip) => trip.cell,
      aggregate: countAggregate<Trip>(),
      allowedLateness: 60_000,
    }),
    airports: new WindowOperator({
      assigner: tumblingEventTimeWindows({ size: HOUR }),
      keySelector: (trip: Trip) => `${trip.cell}|${trip.airport}`,
      aggregate: countAggregate<Trip>(),
      allowedLateness: 60_000,
    }),
  };
}

const sink: WindowResult<string, number>[] = [];
const deadLetters: LateRecord<Trip, string>[] = [];
const output: WindowOutput<Trip, string, number> = {
  result: (r) => sink.push(r),
  late: (l) => deadLetters.push(l),
};

/** One GetRecords batch of one shard, decoded. */
function onBatch(job: ReturnType<typeof createJob>, events: StreamEvent<Trip>[]): void {
  const watermarked = job.combiner.processBatch(events);
  job.pickups.processBatch(watermarked, output);
  job.airports.processBatch(
    watermarked.filter((e) => e.kind !== 'record' || e.value.airport !== undefined),
    output,
  );
}

let job = createJob(['shard-0', 'shard-1']);
onBatch(job, [
  {
    kind: 'record',
    timestamp: 1_000,
    value: { cell: 'dr5ru7c', airport: 'JFK' },
    input: 'shard-0',
  },
  { kind: 'watermark', timestamp: 2_000, input: 'shard-0' },
]);

// Between two batches: one consistent checkpoint of everything, as JSON (write it atomically
// together with the shards' sequence numbers).
const checkpoint = JSON.stringify({
  combiner: job.combiner.snapshot(),
  pickups: job.pickups.snapshot(),
  airports: job.airports.snapshot(),
});

// ... the process dies; on restart:
job = createJob(['shard-0', 'shard-1']);
const saved = JSON.parse(checkpoint);
job.combiner.restore(saved.combiner);
job.pickups.restore(saved.pickups);
job.airports.restore(saved.airports);

onBatch(job, [
  { kind: 'record', timestamp: 1_500, value: { cell: 'dr5ru7c' }, input: 'shard-1' },
  { kind: 'watermark', timestamp: Infinity, input: 'shard-1' }, // "+infinity": end of the replay
]);
onBatch(job, [{ kind: 'end', input: 'shard-0' }]); // shard-0 closed

assert.deepEqual(
  sink.map((r) => [r.key, r.value]),
  [
    ['dr5ru7c', 2],
    ['dr5ru7c|JFK', 1],
  ],
);
assert.deepEqual(job.pickups.counters(), {
  elementsIn: 2,
  lateUpdates: 0,
  lateDropped: 0,
  windowsOpen: 0,
  windowsFired: 1,
  watermark: Infinity,
});
assert.deepEqual(
  job.combiner.inputWatermarks().map((i) => [i.input, i.watermark, i.status]),
  [
    ['shard-0', 2_000, 'ended'],
    ['shard-1', Infinity, 'active'],
  ],
);
