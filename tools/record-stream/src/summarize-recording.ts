import { SchemaError, decode, isWatermark, watermarkTimeOf } from '@tripstream/trip-schema';
import type { RecordedRecord, Recording } from './types.js';

/** Counts of one shard of a recording of trips (the replay's wire format). */
export interface ShardSummary {
  shardId: string;
  /** Parent ids (none, one after a split, two after a merge). */
  parents: string[];
  /** Closed by a split or merge (has an ending sequence number). */
  closed: boolean;
  records: number;
  trips: number;
  /** Watermark records, the end-of-stream one included. */
  watermarks: number;
  /** Records that are neither a trip nor a watermark. */
  undecodable: number;
  /** The last record is the end-of-stream watermark (`+infinity`). */
  endOfStream: boolean;
}

/** What {@link summarizeRecording} returns: per shard and in total. */
export interface RecordingSummary {
  stream: string;
  shards: ShardSummary[];
  records: number;
  trips: number;
  watermarks: number;
  undecodable: number;
}

/** Decodes every record of a recording of trips and counts trips and watermarks per shard. */
export function summarizeRecording(recording: Recording): RecordingSummary {
  const shards = recording.shards.map((shard): ShardSummary => {
    let trips = 0;
    let watermarks = 0;
    let undecodable = 0;
    let endOfStream = false;
    for (const record of shard.records) {
      const event = tryDecode(record);
      endOfStream = false;
      if (event === undefined) undecodable++;
      else if (isWatermark(event)) {
        watermarks++;
        endOfStream = watermarkTimeOf(event) === Infinity;
      } else trips++;
    }
    return {
      shardId: shard.shardId,
      parents: [shard.parentShardId, shard.adjacentParentShardId].filter(
        (id): id is string => id !== undefined,
      ),
      closed: shard.sequenceNumberRange.endingSequenceNumber !== undefined,
      records: shard.records.length,
      trips,
      watermarks,
      undecodable,
      endOfStream,
    };
  });
  const sum = (f: (s: ShardSummary) => number) => shards.reduce((n, s) => n + f(s), 0);
  return {
    stream: recording.stream,
    shards,
    records: sum((s) => s.records),
    trips: sum((s) => s.trips),
    watermarks: sum((s) => s.watermarks),
    undecodable: sum((s) => s.undecodable),
  };
}

function tryDecode(record: RecordedRecord) {
  try {
    return decode(record.encoding === 'base64' ? Buffer.from(record.data, 'base64') : record.data);
  } catch (err) {
    if (err instanceof SchemaError) return undefined;
    throw err;
  }
}
