import { readWireFile, type TripEvent } from '@tripstream/trip-schema';
import {
  batchReferenceJob,
  TAXI_INDEX_MAPPINGS,
  type BatchReferenceJobResult,
  type OutputRecord,
} from '@tripstream/reference-job';

const FIXTURES = new URL('../../../../fixtures/trips/', import.meta.url);

/** The reference job's output for a repository fixture (`small`, `medium`, `large`). */
export async function fixtureOutput(name: string): Promise<BatchReferenceJobResult> {
  const trips: TripEvent[] = [];
  for await (const event of readWireFile(new URL(`${name}.jsonl.gz`, FIXTURES).pathname)) {
    if (event.type !== 'watermark') trips.push(event);
  }
  return batchReferenceJob(trips);
}

async function call(url: string, method: string, body?: string, contentType = 'application/json') {
  const res = await fetch(url, { method, body, headers: { 'content-type': contentType } });
  const text = await res.text();
  if (res.status >= 300 && !(method === 'DELETE' && res.status === 404)) {
    throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/**
 * Recreates `<prefix>pickup_count` and `<prefix>trip_duration` with the sink's mappings and
 * writes `records` with the plain `_bulk` API, as the processor's sink would, then refreshes.
 */
export async function loadRecords(
  opensearch: string,
  prefix: string,
  records: readonly OutputRecord[],
): Promise<void> {
  for (const [index, mappings] of Object.entries(TAXI_INDEX_MAPPINGS)) {
    await call(`${opensearch}/${prefix}${index}`, 'DELETE');
    await call(
      `${opensearch}/${prefix}${index}`,
      'PUT',
      JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings }),
    );
  }
  for (let i = 0; i < records.length; i += 5000) {
    const lines = records
      .slice(i, i + 5000)
      .flatMap((r) => [
        JSON.stringify({ index: { _index: `${prefix}${r.index}`, _id: r.id } }),
        JSON.stringify(r.doc),
      ]);
    const answer = await call(
      `${opensearch}/_bulk`,
      'POST',
      lines.join('\n') + '\n',
      'application/x-ndjson',
    );
    if (answer.errors)
      throw new Error(`bulk: ${JSON.stringify(answer.items.find((x: any) => x.index.error))}`);
  }
  await call(`${opensearch}/${prefix}pickup_count,${prefix}trip_duration/_refresh`, 'POST');
}
