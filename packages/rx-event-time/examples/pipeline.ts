import assert from 'node:assert/strict';
import { pipe } from 'rxjs';
import {
  countAggregate,
  isCheckpointBarrier,
  pump,
  runWatermarkCombiner,
  runWindowOperator,
  snapshotAtBarriers,
  tumblingEventTimeWindows,
  WatermarkCombiner,
  WatermarkStrategy,
  WindowOperator,
  type CheckpointBarrier,
  type StreamEvent,
  type WindowResult,
} from '../src/index.js';

// A job as one pipe, checkpointed the way Flink does it: N shards -> combined watermarks -> a
// keyed window. Each stateful stage is wrapped in snapshotAtBarriers; pump drives the pipe from an
// async source with backpressure and injects the barriers.
interface Trip {
  cell: string;
}
const HOUR = 3_600_000;

function createJob() {
  const combiner = new WatermarkCombiner<Trip>({
    inputs: ['shard-0', 'shard-1'],
    watermarkStrategy: WatermarkStrategy.forPunctuatedWatermarks<Trip>(),
  });
  const pickups = new WindowOperator({
    assigner: tumblingEventTimeWindows({ size: HOUR }),
    keySelector: (trip: Trip) => trip.cell,
    aggregate: countAggregate<Trip>(),
  });
  const operator = pipe(
    snapshotAtBarriers('combiner', combiner, runWatermarkCombiner(combiner)),
    snapshotAtBarriers('pickups', pickups, runWindowOperator(pickups)),
  );
  const restore = (snapshots: Record<string, any>) => {
    combiner.restore(snapshots.combiner);
    pickups.restore(snapshots.pickups);
  };
  return { operator, restore };
}

// The source: GetRecords batches, decoded. Its position is how many batches it handed out.
const batches: StreamEvent<Trip>[][] = [
  [{ kind: 'record', timestamp: 1_000, value: { cell: 'dr5ru7c' }, input: 'shard-0' }],
  [{ kind: 'watermark', timestamp: 2_000, input: 'shard-0' }],
  [{ kind: 'record', timestamp: 1_500, value: { cell: 'dr5ru7c' }, input: 'shard-1' }],
  [{ kind: 'watermark', timestamp: HOUR, input: 'shard-1' }],
  [{ kind: 'watermark', timestamp: HOUR, input: 'shard-0' }],
];
function readFrom(position: number) {
  const state = { position };
  const items = (async function* () {
    while (state.position < batches.length) yield batches[state.position++];
  })();
  return { items, position: () => state.position };
}

// The sink: results are written; at a barrier, write everything before it, then save the
// barrier's snapshots (the source's position included) as the checkpoint.
const written: [string, number][] = [];
const checkpoints: string[] = [];
const sink = (output: WindowResult<string, number> | CheckpointBarrier) => {
  if (isCheckpointBarrier(output)) checkpoints.push(JSON.stringify(output.snapshots));
  else written.push([output.key, output.value]);
};

// First run: a barrier after each batch (barrierIntervalMs 0); it dies after three batches.
const crashAfter = 3;
const run = readFrom(0);
const controller = new AbortController();
await pump(
  run.items,
  createJob().operator,
  (o) => {
    sink(o);
    if (run.position() === crashAfter) controller.abort();
  },
  { barrierIntervalMs: 0, sourceSnapshot: run.position, signal: controller.signal },
);

// Restart: restore every stage from the last checkpoint, read the source from its position.
const saved = JSON.parse(checkpoints.at(-1)!);
assert.equal(saved.source, crashAfter);
const job = createJob();
job.restore(saved);
const rest = readFrom(saved.source);
await pump(rest.items, job.operator, sink, { barrierIntervalMs: 0, sourceSnapshot: rest.position });

// Both shards passed HOUR: the window [0, 1h) fired once, with both trips, as without the crash.
assert.deepEqual(written, [['dr5ru7c', 2]]);
