import type { ProducerRecord } from '../../src/index.js';

/** Test records: `{"id":n,"t":eventTime}`; watermarks: `{"wm":ms|"+inf"}`. */
export interface TestRecord extends ProducerRecord {
  id: number;
  eventTime: number;
}

export function testRecord(id: number, eventTime: number, partitionKey?: string): TestRecord {
  return {
    id,
    eventTime,
    data: JSON.stringify({ id, t: eventTime }),
    ...(partitionKey !== undefined && { partitionKey }),
  };
}

export function encodeWatermark(watermarkMs: number): string {
  return JSON.stringify({ wm: watermarkMs === Infinity ? '+inf' : watermarkMs });
}

export type Decoded =
  { kind: 'record'; id: number; t: number } | { kind: 'watermark'; wm: number; final: boolean };

export function decode(data: Buffer | Uint8Array): Decoded {
  const v = JSON.parse(Buffer.from(data).toString('utf8')) as {
    id?: number;
    t?: number;
    wm?: number | string;
  };
  if (v.wm !== undefined) {
    return v.wm === '+inf'
      ? { kind: 'watermark', wm: Infinity, final: true }
      : { kind: 'watermark', wm: v.wm as number, final: false };
  }
  return { kind: 'record', id: v.id as number, t: v.t as number };
}
