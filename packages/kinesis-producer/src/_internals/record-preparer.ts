import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { MAX_PARTITION_KEY_LENGTH, MAX_RECORD_BYTES } from '../constants.js';
import { InvalidRecordError } from '../errors/invalid-record-error.js';
import { RecordTooLargeError } from '../errors/record-too-large-error.js';
import { hashKeyOf, parseHashKey } from '../hash-key.js';
import type { ProducerRecord } from '../types.js';
import type { RecordEntry } from './entries.js';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * @internal Turns what `put()` is given into a queue entry: checks it as Kinesis would, picks a
 * partition key when there is none, computes its hash key and (with watermarks) its event time.
 * Ids increase with `put()` order, which `flush()` relies on.
 */
export class RecordPreparer<R extends ProducerRecord> {
  private nextId = 0;
  private keyCounter = 0;
  private readonly keyPrefix: string;

  constructor(private readonly options: ResolvedOptions<R>) {
    this.keyPrefix = `${Math.floor(options.random() * 2 ** 40).toString(36)}-`;
  }

  /** The id of the last record prepared (-1 before any). */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** @throws InvalidRecordError, RecordTooLargeError */
  prepare(record: R): RecordEntry<R> {
    if (record === null || typeof record !== 'object') {
      throw new InvalidRecordError(record, 'record', 'expected an object with `data`');
    }
    const raw = record.data as unknown;
    let data: Uint8Array;
    if (typeof raw === 'string') data = Buffer.from(raw, 'utf8');
    else if (raw instanceof Uint8Array) data = raw;
    else throw new InvalidRecordError(record, 'data', 'expected a Uint8Array or a string');

    let partitionKey = record.partitionKey;
    if (partitionKey === undefined) {
      // Distinct keys spread evenly: MD5 of a counter is as uniform as MD5 of a random string.
      partitionKey = this.keyPrefix + (this.keyCounter++).toString(36);
    } else if (
      typeof partitionKey !== 'string' ||
      partitionKey.length === 0 ||
      partitionKey.length > MAX_PARTITION_KEY_LENGTH
    ) {
      throw new InvalidRecordError(
        record,
        'partitionKey',
        `expected a string of 1-${MAX_PARTITION_KEY_LENGTH} characters, got ${JSON.stringify(partitionKey)}`,
      );
    }
    const explicitHashKey = record.explicitHashKey;
    let hashKey: bigint;
    if (explicitHashKey !== undefined) {
      const parsed =
        typeof explicitHashKey === 'string' ? parseHashKey(explicitHashKey) : undefined;
      if (parsed === undefined) {
        throw new InvalidRecordError(
          record,
          'explicitHashKey',
          `expected a decimal integer in [0, 2^128 - 1], got ${JSON.stringify(explicitHashKey)}`,
        );
      }
      hashKey = parsed;
    } else {
      hashKey = hashKeyOf(partitionKey);
    }
    const size = data.byteLength + Buffer.byteLength(partitionKey, 'utf8');
    if (size > MAX_RECORD_BYTES) {
      throw new RecordTooLargeError(record, partitionKey, size, MAX_RECORD_BYTES);
    }
    const eventTime = this.options.watermark === undefined ? NaN : this.eventTimeOf(record);

    const request: PutRecordsRequestEntry = { Data: data, PartitionKey: partitionKey };
    if (explicitHashKey !== undefined) request.ExplicitHashKey = explicitHashKey;
    return {
      kind: 'record',
      id: this.nextId++,
      record,
      data,
      partitionKey,
      explicitHashKey,
      hashKey,
      size,
      eventTime,
      attempts: 0,
      queuedAt: 0,
      shard: undefined,
      settled: false,
      request,
    };
  }

  private eventTimeOf(record: R): number {
    let eventTime = NaN;
    if (record.eventTime !== undefined) eventTime = record.eventTime;
    else if (this.options.eventTimeOf !== undefined) {
      try {
        eventTime = this.options.eventTimeOf(record);
      } catch (cause) {
        throw new InvalidRecordError(record, 'eventTime', 'eventTimeOf threw', { cause });
      }
    }
    if (typeof eventTime !== 'number' || !Number.isFinite(eventTime)) {
      throw new InvalidRecordError(
        record,
        'eventTime',
        `watermarks need a finite event time (record.eventTime or eventTimeOf), got ${String(eventTime)}`,
      );
    }
    return eventTime;
  }
}
