import { createRequire } from 'node:module';
import { MissingDependencyError } from '@tripstream/support';

/** The part of aws-kinesis-agg's RecordAggregator this package uses (its typings omit the class). */
interface RecordAggregator {
  totalBytes: number;
  checkIfUserRecordFits(record: UserRecord): boolean;
  calculateUserRecordSize(record: UserRecord): number;
  addUserRecord(record: UserRecord): void;
  build(): { partitionKey: string; data: Buffer } | undefined;
  length(): number;
}

interface UserRecord {
  data: Buffer;
  partitionKey: string;
  explicitHashKey?: string;
}

type RecordAggregatorClass = new () => RecordAggregator;

/** @internal Magic number (4 bytes) and MD5 checksum (16 bytes) around the protobuf. */
export const KPL_FRAMING_BYTES = 20;

let aggregatorClass: RecordAggregatorClass | undefined;

/**
 * @internal aws-kinesis-agg is an optional peer, loaded when a producer turns aggregation on (its
 * constructor calls this), so producers without aggregation never need it or protobufjs.
 */
export function loadKplAggregator(): RecordAggregatorClass {
  if (aggregatorClass) return aggregatorClass;
  try {
    aggregatorClass = (
      createRequire(import.meta.url)('aws-kinesis-agg') as {
        RecordAggregator: RecordAggregatorClass;
      }
    ).RecordAggregator;
  } catch (cause) {
    throw new MissingDependencyError('aws-kinesis-agg', 'aggregation', cause);
  }
  return aggregatorClass;
}

/**
 * @internal Packs user records into one KPL aggregated record (magic, protobuf, MD5), up to
 * `maxBytes` and `maxRecords`.
 */
export class KplAggregator {
  private readonly inner: RecordAggregator;
  private count = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxRecords: number,
  ) {
    this.inner = new (loadKplAggregator())();
  }

  get length(): number {
    return this.count;
  }

  /**
   * Adds the record if the protobuf stays within `maxBytes` and `limitBytes`, the records within
   * `maxRecords`, and the KPL's own 1 MiB limit holds. The built record is the protobuf plus
   * {@link KPL_FRAMING_BYTES}.
   */
  tryAdd(
    data: Uint8Array,
    partitionKey: string,
    explicitHashKey: string | undefined,
    limitBytes = Infinity,
  ): boolean {
    const record: UserRecord = {
      data: Buffer.isBuffer(data)
        ? data
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      partitionKey,
      ...(explicitHashKey !== undefined && { explicitHashKey }),
    };
    if (this.count >= this.maxRecords) return false;
    const size = this.inner.calculateUserRecordSize(record);
    if (this.inner.totalBytes + size > Math.min(this.maxBytes, limitBytes)) return false;
    if (!this.inner.checkIfUserRecordFits(record)) return false;
    this.inner.addUserRecord(record);
    this.count++;
    return true;
  }

  /** The aggregated record's bytes; the aggregator is empty afterwards. */
  build(): Uint8Array {
    const built = this.inner.build();
    this.count = 0;
    if (built === undefined) throw new Error('KplAggregator.build() on an empty aggregator');
    return built.data;
  }
}
