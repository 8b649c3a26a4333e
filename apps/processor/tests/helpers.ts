import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { KinesisProducer } from '@tripstream/kinesis-producer';
import {
  END_OF_STREAM_WATERMARK,
  encode,
  eventTimeOf,
  geohash,
  readWireFile,
  type TripEvent,
} from '@tripstream/trip-schema';
import { batchReferenceJob, type OutputRecord } from '@tripstream/reference-job';

export const fixture = (name: string) =>
  new URL(`../../../fixtures/trips/${name}.jsonl.gz`, import.meta.url).pathname;

export async function loadTrips(name: string): Promise<TripEvent[]> {
  const trips: TripEvent[] = [];
  for await (const e of readWireFile(fixture(name)))
    if (e.type !== 'watermark') trips.push(e as TripEvent);
  return trips;
}

/** Writes trips (sorted by event time) into a stream with watermarks in every shard, as the replay app does. */
export async function produce(
  kinesis: KinesisClient,
  stream: string,
  trips: TripEvent[],
  options: {
    partitionKey?: 'random' | 'pickup-cell';
    extra?: (i: number) => string | undefined;
  } = {},
) {
  const producer = new KinesisProducer({
    client: kinesis,
    streamName: stream,
    pacing: false,
    watermark: {
      intervalMs: 100,
      encode: (ms) =>
        encode(
          ms === Infinity
            ? END_OF_STREAM_WATERMARK
            : { type: 'watermark', watermark: new Date(ms).toISOString() },
        ),
    },
  });
  const sorted = [...trips].sort((a, b) => eventTimeOf(a) - eventTimeOf(b));
  for (const [i, t] of sorted.entries()) {
    const corrupt = options.extra?.(i);
    await producer.put({
      data: corrupt ?? encode(t),
      eventTime: eventTimeOf(t),
      partitionKey:
        options.partitionKey === 'pickup-cell'
          ? geohash(t.pickup_latitude, t.pickup_longitude, 6)
          : undefined,
    });
  }
  await producer.close();
}

/** The batch model as a map id -> document. */
export function expectedDocs(trips: TripEvent[]): Map<string, OutputRecord> {
  return new Map(batchReferenceJob(trips).records.map((r) => [r.id, r]));
}

export async function searchAll(opensearch: string, index: string): Promise<Map<string, unknown>> {
  await fetch(`${opensearch}/${index}/_refresh`, { method: 'POST' });
  const res = await fetch(`${opensearch}/${index}/_search?size=10000`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: { match_all: {} } }),
  });
  if (res.status === 404) return new Map();
  const json = (await res.json()) as { hits: { hits: { _id: string; _source: unknown }[] } };
  return new Map(json.hits.hits.map((h) => [h._id, h._source]));
}
