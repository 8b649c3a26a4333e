import { RECORDING_FORMAT, RECORDING_VERSION } from '../constants.js';
import { RecordingFormatError } from '../errors/recording-format-error.js';
import type { Recording } from '../types.js';

/** @internal Checks the shape of a parsed recording; throws `RecordingFormatError` at the first fault. */
export function validateRecording(value: unknown, path?: string): Recording {
  const fail = (at: string, reason: string): never => {
    throw new RecordingFormatError(path, at, reason);
  };
  const obj = (v: unknown, at: string) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'not an object');
    return v as Record<string, unknown>;
  };
  const str = (o: Record<string, unknown>, key: string, at: string, optional = false) => {
    const v = o[key];
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || v.length === 0) fail(`${at}.${key}`, 'not a non-empty string');
  };
  const digits = (o: Record<string, unknown>, key: string, at: string, optional = false) => {
    str(o, key, at, optional);
    const v = o[key];
    if (typeof v === 'string' && !/^\d+$/.test(v)) fail(`${at}.${key}`, `not a decimal number`);
  };

  const root = obj(value, '$');
  if (root.format !== RECORDING_FORMAT) {
    fail('format', `expected "${RECORDING_FORMAT}", got ${JSON.stringify(root.format)}`);
  }
  if (root.version !== RECORDING_VERSION) {
    fail('version', `expected ${RECORDING_VERSION}, got ${JSON.stringify(root.version)}`);
  }
  str(root, 'stream', '$');
  str(root, 'recordedAt', '$');
  if (root.meta !== undefined) obj(root.meta, 'meta');
  if (!Array.isArray(root.shards)) fail('shards', 'not an array');
  const ids = new Set<string>();
  (root.shards as unknown[]).forEach((s, i) => {
    const at = `shards[${i}]`;
    const shard = obj(s, at);
    str(shard, 'shardId', at);
    if (ids.has(shard.shardId as string)) fail(`${at}.shardId`, `duplicate ${shard.shardId}`);
    ids.add(shard.shardId as string);
    str(shard, 'parentShardId', at, true);
    str(shard, 'adjacentParentShardId', at, true);
    const keys = obj(shard.hashKeyRange, `${at}.hashKeyRange`);
    digits(keys, 'startingHashKey', `${at}.hashKeyRange`);
    digits(keys, 'endingHashKey', `${at}.hashKeyRange`);
    const range = obj(shard.sequenceNumberRange, `${at}.sequenceNumberRange`);
    digits(range, 'startingSequenceNumber', `${at}.sequenceNumberRange`);
    digits(range, 'endingSequenceNumber', `${at}.sequenceNumberRange`, true);
    if (!Array.isArray(shard.records)) fail(`${at}.records`, 'not an array');
    let previous = -1n;
    (shard.records as unknown[]).forEach((r, j) => {
      const rat = `${at}.records[${j}]`;
      const record = obj(r, rat);
      digits(record, 'sequenceNumber', rat);
      str(record, 'approximateArrivalTimestamp', rat);
      if (Number.isNaN(Date.parse(record.approximateArrivalTimestamp as string))) {
        fail(`${rat}.approximateArrivalTimestamp`, 'not an ISO-8601 instant');
      }
      str(record, 'partitionKey', rat);
      if (typeof record.data !== 'string') fail(`${rat}.data`, 'not a string');
      if (record.encoding !== undefined && record.encoding !== 'base64') {
        fail(
          `${rat}.encoding`,
          `expected "base64" or absent, got ${JSON.stringify(record.encoding)}`,
        );
      }
      const seq = BigInt(record.sequenceNumber as string);
      if (seq <= previous) fail(`${rat}.sequenceNumber`, 'not after the previous record');
      previous = seq;
    });
  });
  return value as Recording;
}
