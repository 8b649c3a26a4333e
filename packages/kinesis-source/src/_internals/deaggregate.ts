import { loadKpl } from './load-kpl.js';

/** The KPL aggregation format's magic number (first 4 bytes of an aggregated record). */
const MAGIC = [0xf3, 0x89, 0x9a, 0xc2];

/** @internal Whether `data` starts with the KPL magic number (cheap test before decoding). */
export function looksAggregated(data: Uint8Array): boolean {
  return (
    data.length > MAGIC.length + 16 &&
    data[0] === MAGIC[0] &&
    data[1] === MAGIC[1] &&
    data[2] === MAGIC[2] &&
    data[3] === MAGIC[3]
  );
}

/** @internal One user record out of an aggregated Kinesis record. */
export interface UserRecord {
  partitionKey: string;
  subSequenceNumber: number;
  data: Uint8Array;
}

/**
 * @internal Splits a KPL-aggregated record into its user records, checking the MD5 checksum.
 * Returns `undefined` when it does not decode (bad checksum or protobuf): like the KCL, the caller
 * then passes the record on as a plain one. Throws MissingDependencyError when
 * aws-kinesis-agg is not installed: passing aggregates on undecoded would hide the user records.
 */
export function deaggregate(
  partitionKey: string,
  sequenceNumber: string,
  data: Uint8Array,
): UserRecord[] | undefined {
  const kpl = loadKpl();
  let out: UserRecord[] | undefined;
  let failed = false;
  try {
    kpl.deaggregateSync(
      {
        partitionKey,
        sequenceNumber,
        data: Buffer.from(data.buffer, data.byteOffset, data.length),
      },
      true,
      (err, records) => {
        if (err || !records) {
          failed = true;
          return;
        }
        // The explicit hash key is not passed on: the decoder cannot tell an absent one from
        // index 0 of the table.
        out = records.map((r) => ({
          partitionKey: r.partitionKey,
          subSequenceNumber: r.subSequenceNumber,
          data: bytes(r.data),
        }));
      },
    );
  } catch {
    return undefined;
  }
  return failed ? undefined : out;
}

function bytes(base64: string): Uint8Array {
  const buf = Buffer.from(base64, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
