import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export interface UserPut {
  partitionKey: string;
  data: Uint8Array;
  explicitHashKey?: string;
}

// The protobuf type of the KPL aggregation format, from aws-kinesis-agg. Its own RecordAggregator
// is not used: it builds the partition key table from a plain object, whose integer-like keys
// ("7") JavaScript orders first, so user records get each other's partition keys.
const { AggregatedRecord, magic } = createRequire(import.meta.url)(
  'aws-kinesis-agg/lib/common.js',
) as {
  AggregatedRecord: { encode(message: unknown): { finish(): Uint8Array } };
  magic: Buffer;
};

/** One KPL-aggregated Kinesis record holding `records`, encoded as the KPL does. */
export function aggregate(records: readonly UserPut[]): { partitionKey: string; data: Uint8Array } {
  const pkTable: string[] = [];
  const ehkTable: string[] = [];
  const indexIn = (table: string[], key: string) => {
    const i = table.indexOf(key);
    return i >= 0 ? i : table.push(key) - 1;
  };
  const message = {
    partition_key_table: pkTable,
    explicit_hash_key_table: ehkTable,
    records: records.map((r) => ({
      partition_key_index: indexIn(pkTable, r.partitionKey),
      ...(r.explicitHashKey === undefined
        ? {}
        : { explicit_hash_key_index: indexIn(ehkTable, r.explicitHashKey) }),
      data: Buffer.from(r.data),
      tags: [],
    })),
  };
  const body = Buffer.from(AggregatedRecord.encode(message).finish());
  const checksum = createHash('md5').update(body).digest();
  return {
    partitionKey: pkTable[0] ?? 'a',
    data: new Uint8Array(Buffer.concat([magic, body, checksum])),
  };
}
