import {
  BulkWriter,
  type BulkWriterMetrics,
  type DeadLetter,
  type IndexRequest,
  type IndexTemplate,
  type SigV4Options,
} from '@tripstream/opensearch-sink';
import { TAXI_INDEX_MAPPINGS, type TaxiIndex } from '@tripstream/reference-job';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { VersionedRecord } from '@tripstream/reference-job';

/** Where the processor's documents go. `flush()` resolves once everything written is durable. */
export interface DocumentSink {
  write(records: readonly VersionedRecord[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): Record<string, number>;
}

/** One line per document: `{"index":"pickup_count","id":"...","doc":{...}}`. */
export class NdjsonSink implements DocumentSink {
  private readonly stream: NodeJS.WritableStream;
  private written = 0;
  constructor(
    target: string,
    private readonly indexPrefix = '',
  ) {
    this.stream = target === '-' ? process.stdout : createWriteStream(target);
  }
  async write(records: readonly VersionedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records
      .map((r) => JSON.stringify({ index: `${this.indexPrefix}${r.index}`, id: r.id, doc: r.doc }))
      .join('\n');
    this.written += records.length;
    if (!this.stream.write(`${text}\n`)) await once(this.stream, 'drain');
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {
    if (this.stream === process.stdout) return;
    const s = this.stream as WriteStream;
    await new Promise<void>((resolve, reject) =>
      s.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
  stats() {
    return { documents: this.written };
  }
}

/** The taxi index templates, named and patterned after the index prefix. */
export function taxiIndexTemplates(indexPrefix: string): IndexTemplate[] {
  return (Object.keys(TAXI_INDEX_MAPPINGS) as TaxiIndex[]).map((index) => ({
    name: `${indexPrefix}tripstream-${index}`.replace(/_/g, '-'),
    indexPatterns: [`${indexPrefix}${index}`],
    mappings: TAXI_INDEX_MAPPINGS[index] as IndexTemplate['mappings'],
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    priority: 100,
  }));
}

export interface OpenSearchSinkOptions {
  node: string;
  sigv4?: SigV4Options;
  indexPrefix: string;
  deadLetterFile?: string;
  onDeadLetter?: (letter: DeadLetter<IndexRequest>) => void;
  onMetrics?: (m: BulkWriterMetrics) => void;
  /** Sends per bulk request or item before giving up. Default: 20. */
  maxAttempts?: number;
}

/** Documents into OpenSearch through the bulk writer, with the taxi index templates. */
export class OpenSearchSink implements DocumentSink {
  private readonly writer: BulkWriter<IndexRequest>;
  private written = 0;
  private deadLettered = 0;
  constructor(private readonly options: OpenSearchSinkOptions) {
    this.writer = new BulkWriter<IndexRequest>({
      node: options.node,
      sigv4: options.sigv4,
      indexTemplates: taxiIndexTemplates(options.indexPrefix),
      deadLetterFile: options.deadLetterFile,
      onDeadLetter: (letter) => {
        this.deadLettered++;
        options.onDeadLetter?.(letter);
      },
      onMetrics: options.onMetrics,
      metricsIntervalMs: 1_000,
      // Backoff caps double from 100 ms to 10 s: 20 attempts ride out about a minute and a half
      // of OpenSearch being unreachable before the processor gives up (and restarts from its checkpoint).
      retry: { maxAttempts: options.maxAttempts ?? 20 },
    });
  }
  async write(records: readonly VersionedRecord[]): Promise<void> {
    for (const r of records) {
      this.written++;
      await this.writer.write({
        index: `${this.options.indexPrefix}${r.index}`,
        id: r.id,
        document: r.doc,
        version: r.version,
      });
    }
  }
  flush(): Promise<void> {
    return this.writer.flush();
  }
  close(): Promise<void> {
    return this.writer.close();
  }
  stats() {
    const { totals } = this.writer.metrics();
    return {
      documents: this.written,
      deadLettered: this.deadLettered,
      retries: totals.requestRetries + totals.itemRetries,
      requestRetries: totals.requestRetries,
      itemRetries: totals.itemRetries,
    };
  }
}

/** Writes to several sinks (e.g. a file and OpenSearch). */
export class TeeSink implements DocumentSink {
  constructor(private readonly sinks: DocumentSink[]) {}
  async write(records: readonly VersionedRecord[]) {
    await Promise.all(this.sinks.map((s) => s.write(records)));
  }
  async flush() {
    await Promise.all(this.sinks.map((s) => s.flush()));
  }
  async close() {
    await Promise.all(this.sinks.map((s) => s.close()));
  }
  stats() {
    return Object.assign({}, ...this.sinks.map((s) => s.stats()));
  }
}
