import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deaggregate, looksAggregated } from '../../src/_internals/deaggregate.js';
import { aggregate } from '../helpers/kpl.js';

const userRecord = fc.record(
  {
    partitionKey: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.nat().map(String)),
    data: fc.uint8Array({ minLength: 1, maxLength: 200 }),
    explicitHashKey: fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map(String),
  },
  { requiredKeys: ['partitionKey', 'data'] },
);

describe('deaggregate', () => {
  it('round-trips any KPL aggregate: same user records, in order, numbered 0..n-1', () => {
    fc.assert(
      fc.property(fc.array(userRecord, { minLength: 1, maxLength: 30 }), (users) => {
        const agg = aggregate(users);
        expect(looksAggregated(agg.data)).toBe(true);
        const out = deaggregate(agg.partitionKey, '42', agg.data);
        expect(out?.map((u) => [u.subSequenceNumber, u.partitionKey, Array.from(u.data)])).toEqual(
          users.map((u, i) => [i, u.partitionKey, Array.from(u.data)]),
        );
      }),
    );
  });

  it('rejects a corrupted aggregate (so it is passed on as a plain record)', () => {
    fc.assert(
      fc.property(fc.array(userRecord, { minLength: 1, maxLength: 5 }), fc.nat(), (users, at) => {
        const data = new Uint8Array(aggregate(users).data);
        const i = 4 + (at % (data.length - 4));
        data[i] ^= 0x01;
        expect(deaggregate('pk', '1', data)).toBeUndefined();
      }),
    );
  });

  it('does not take plain payloads for aggregates', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        fc.pre(!(data[0] === 0xf3 && data[1] === 0x89 && data[2] === 0x9a && data[3] === 0xc2));
        expect(looksAggregated(data)).toBe(false);
      }),
    );
  });
});
