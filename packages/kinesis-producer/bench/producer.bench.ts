import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  interleavedRuns,
  listRuns,
  median,
  pairedRatio,
  timeMs,
  type BenchRow,
} from '@tripstream/bench';
import { KinesisProducer } from '../src/index.js';

const SHARDS = 4;
const RECORDS = 20_000;
const BATCH = 500;
const RUNS = 5;
/** The reference producer's published figures (KPL, speedup 3600, 8 shards). */
const REFERENCE_EVENTS_PER_SECOND = 13_000;
const REFERENCE_MB_PER_SECOND = 6;

/** A trip-sized JSON payload (~460 bytes, the reference's 6 MB/s / 13k events/s). */
function payload(i: number): Uint8Array {
  const trip = {
    type: 'trip',
    trip_id: i,
    pickup_datetime: '2016-01-01T00:00:00.000Z',
    dropoff_datetime: new Date(1_451_606_400_000 + i * 10).toISOString(),
    pickup_latitude: 40.7 + (i % 1000) / 1e5,
    pickup_longitude: -73.9 - (i % 997) / 1e5,
    dropoff_latitude: 40.75,
    dropoff_longitude: -73.98,
    passenger_count: 1 + (i % 4),
    trip_distance: 2.5,
    fare_amount: 11.5,
    tip_amount: 2.0,
    tolls_amount: 0,
    total_amount: 14.3,
    vendor_id: 'VTS',
    payment_type: 'CRD',
    padding: 'x'.repeat(120),
  };
  return Buffer.from(JSON.stringify(trip));
}

function client(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
}

let streams = 0;
async function freshStream(kinesis: KinesisClient): Promise<string> {
  const name = `bench-producer-${process.pid}-${Date.now().toString(36)}-${streams++}`;
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: SHARDS }));
  for (let i = 0; i < 400; i++) {
    const d = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return name;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`stream ${name} did not become ACTIVE`);
}

/** Sequential PutRecords calls of BATCH records; failed entries are sent again. Returns ms. */
function rawLoop(kinesis: KinesisClient, streamName: string, data: Uint8Array[]) {
  return timeMs(async () => {
    for (let i = 0; i < data.length; i += BATCH) {
      let entries: PutRecordsRequestEntry[] = data
        .slice(i, i + BATCH)
        .map((d) => ({ Data: d, PartitionKey: Math.floor(Math.random() * 2 ** 52).toString(36) }));
      while (entries.length > 0) {
        const out = await kinesis.send(
          new PutRecordsCommand({ StreamName: streamName, Records: entries }),
        );
        entries = entries.filter((_, j) => out.Records?.[j]?.ErrorCode !== undefined);
      }
    }
  });
}

/** The producer with pacing off, watermarks on (5 s), `maxInFlightRequests` as given. Returns ms. */
async function producerRun(
  kinesis: KinesisClient,
  streamName: string,
  data: Uint8Array[],
  maxInFlightRequests: number,
) {
  const producer = new KinesisProducer({
    client: kinesis,
    streamName,
    pacing: false,
    batch: { maxRecords: BATCH, maxInFlightRequests },
    watermark: { encode: (w) => JSON.stringify({ type: 'watermark', watermark: w }) },
  });
  await producer.start();
  const t0 = 1_451_606_400_000;
  const ms = await timeMs(async () => {
    for (let i = 0; i < data.length; i++)
      await producer.put({ data: data[i], eventTime: t0 + i * 10 });
    await producer.close();
  });
  if (producer.metrics().recordsAcknowledged !== data.length) throw new Error('records missing');
  return ms;
}

export async function run(options: { kinesis: string }): Promise<BenchRow[]> {
  const kinesis = client(options.kinesis);
  try {
    const data = Array.from({ length: RECORDS }, (_, i) => payload(i));
    const bytes = data.reduce((sum, d) => sum + d.byteLength + 11, 0);
    // Each measurement on a fresh stream, deleted afterwards so kinesalite's memory stays flat.
    const measure = async (write: (streamName: string) => Promise<number>, count: number) => {
      const streamName = await freshStream(kinesis);
      try {
        return count / ((await write(streamName)) / 1000);
      } finally {
        await kinesis.send(new DeleteStreamCommand({ StreamName: streamName }));
      }
    };
    // Warm-up (JIT, sockets) on a short run, not measured.
    const warm = data.slice(0, 1_000);
    const { raw, one, four } = await interleavedRuns(
      {
        raw: () => measure((s) => rawLoop(kinesis, s, data), RECORDS),
        one: () => measure((s) => producerRun(kinesis, s, data, 1), RECORDS),
        four: () => measure((s) => producerRun(kinesis, s, data, 4), RECORDS),
      },
      RUNS,
      {
        raw: () => measure((s) => rawLoop(kinesis, s, warm), warm.length),
        four: () => measure((s) => producerRun(kinesis, s, warm, 4), warm.length),
      },
    );
    const rawRate = median(raw);
    const oneRate = median(one);
    const fourRate = median(four);
    const mbPerRecord = bytes / RECORDS / 1e6;
    const common = `${SHARDS} shards, ${RECORDS} records of ~${Math.round(bytes / RECORDS)} B, median of ${RUNS} runs`;
    const rawLabel = `raw PutRecords loop (${BATCH}/call, sequential, same run)`;
    // Runs drift with the shared machine's load; a ratio of neighbours in time is steadier.
    const paired = (rates: number[]) => pairedRatio(rates, raw);
    const reference = 'reference KPL producer, published (speedup 3600, 8 shards of real Kinesis)';
    return [
      {
        row: 'kinesis-producer: throughput vs raw loop (default, 4 calls in flight)',
        figure: 'records/s',
        value: fourRate,
        unit: 'records/s',
        baseline: rawRate,
        baselineLabel: rawLabel,
        ratio: paired(four),
        target: '>= 0.9x',
        notes:
          `${common}; ratio = median of per-run ratios to the loop; pacing off, watermarks on, close() included; ` +
          `runs: ${listRuns(four)} vs ${listRuns(raw)}`,
      },
      {
        row: 'kinesis-producer: throughput vs raw loop (1 call in flight, like the loop)',
        figure: 'records/s',
        value: oneRate,
        unit: 'records/s',
        baseline: rawRate,
        baselineLabel: rawLabel,
        ratio: paired(one),
        target: '>= 0.9x',
        notes: `${common}; same concurrency as the loop; runs: ${listRuns(one)}`,
      },
      {
        row: 'kinesis-producer: events/s into kinesalite vs the reference producer',
        figure: 'events/s',
        value: fourRate,
        unit: 'events/s',
        baseline: REFERENCE_EVENTS_PER_SECOND,
        baselineLabel: reference,
        ratio: fourRate / REFERENCE_EVENTS_PER_SECOND,
        target: 'report',
        notes: 'default producer; bounded by kinesalite sharing 2 cores with the producer',
      },
      {
        row: 'kinesis-producer: MB/s into kinesalite vs the reference producer',
        figure: 'MB/s',
        value: fourRate * mbPerRecord,
        unit: 'MB/s',
        baseline: REFERENCE_MB_PER_SECOND,
        baselineLabel: reference,
        ratio: (fourRate * mbPerRecord) / REFERENCE_MB_PER_SECOND,
        target: 'report',
        notes: 'default producer; data plus partition key bytes',
      },
    ];
  } finally {
    kinesis.destroy();
  }
}
