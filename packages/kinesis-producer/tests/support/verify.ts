import type { Acknowledgement } from '../../src/index.js';
import { decode, type TestRecord } from './codec.js';
import type { ReadRecord } from './kinesis.js';

export interface StreamReport {
  /** How often each id was read back. */
  counts: Map<number, number>;
  /** Per shard: records, watermarks (non-final), finals. */
  shards: Map<
    string,
    { records: number; watermarks: number; finals: number; lastIsFinal: boolean }
  >;
  /** Human-readable rule violations; a correct run has none. */
  violations: string[];
}

/**
 * Checks what was read back against the watermark rules:
 * - per shard, watermarks never decrease;
 * - per shard, no record with event time <= W follows a watermark W (nothing after a final one);
 * - in the producer's acknowledgement order (the only cross-shard order there is), no record with
 *   event time <= W is acknowledged after a watermark W was: W never got ahead of a record that was
 *   still unacknowledged, retried or not;
 * - every record acknowledgement names the shard the record was read back from.
 */
export function verifyStream(
  read: Map<string, ReadRecord[]>,
  acks: readonly Acknowledgement<TestRecord>[],
): StreamReport {
  const violations: string[] = [];
  const counts = new Map<number, number>();
  const shards: StreamReport['shards'] = new Map();
  const readShardOf = new Map<number, string>();
  for (const [shardId, records] of read) {
    let last = -Infinity;
    const s = { records: 0, watermarks: 0, finals: 0, lastIsFinal: false };
    for (const r of records) {
      const d = decode(r.data);
      if (d.kind === 'watermark') {
        if (d.wm < last) violations.push(`${shardId}: watermark ${d.wm} after ${last}`);
        last = Math.max(last, d.wm);
        if (d.final) s.finals++;
        else s.watermarks++;
        s.lastIsFinal = d.final;
      } else {
        if (d.t <= last)
          violations.push(`${shardId}: record ${d.id} (t=${d.t}) after watermark ${last}`);
        counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
        readShardOf.set(d.id, shardId);
        s.records++;
        s.lastIsFinal = false;
      }
    }
    shards.set(shardId, s);
  }
  let acknowledgedWatermark = -Infinity;
  for (const ack of acks) {
    if (ack.kind === 'watermark') {
      acknowledgedWatermark = Math.max(acknowledgedWatermark, ack.watermarkMs);
    } else {
      if (ack.record.eventTime <= acknowledgedWatermark) {
        violations.push(
          `record ${ack.record.id} (t=${ack.record.eventTime}) acknowledged after watermark ${acknowledgedWatermark}`,
        );
      }
      const readShard = readShardOf.get(ack.record.id);
      if (readShard !== undefined && readShard !== ack.shardId) {
        violations.push(
          `record ${ack.record.id} acknowledged on ${ack.shardId}, read on ${readShard}`,
        );
      }
    }
  }
  return { counts, shards, violations };
}

/** Ids in [0, n) read back other than exactly once. */
export function notExactlyOnce(counts: Map<number, number>, n: number): string[] {
  const bad: string[] = [];
  for (let id = 0; id < n; id++) {
    const c = counts.get(id) ?? 0;
    if (c !== 1) bad.push(`${id}x${c}`);
  }
  for (const id of counts.keys()) if (id < 0 || id >= n) bad.push(`unexpected ${id}`);
  return bad;
}
