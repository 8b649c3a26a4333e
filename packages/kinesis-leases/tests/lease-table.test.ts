import { afterAll, describe, expect, it } from 'vitest';
import { LeaseOptionError, LeaseTable, LeaseTableError, SHARD_END } from '../src/index.js';
import { dynamoClient, freshTable } from './helpers.js';

const client = dynamoClient();
afterAll(() => client.destroy());

describe('LeaseTable (on dynalite)', () => {
  it('creates the table idempotently and a lease only once, with the KCL attribute names', async () => {
    const table = await freshTable(client, []);
    await table.create(); // a second worker creating the same table is fine
    expect(await table.createLeaseIfNotExists({ leaseKey: 's-1', parentShardIds: ['s-0'] })).toBe(
      true,
    );
    expect(await table.createLeaseIfNotExists({ leaseKey: 's-1' })).toBe(false);
    expect(await table.getLease('s-1')).toEqual({
      leaseKey: 's-1',
      leaseCounter: 0,
      checkpoint: 'TRIM_HORIZON',
      checkpointSubSequenceNumber: 0,
      ownerSwitchesSinceCheckpoint: 0,
      parentShardIds: ['s-0'],
      childShardIds: [],
      endOfInput: false,
    });
    expect(await table.getLease('missing')).toBeUndefined();
  });

  it('takes, renews, checkpoints and evicts with writes conditional on the counter', async () => {
    const table = await freshTable(client, ['s-1']);
    const fresh = (await table.getLease('s-1'))!;
    const a = (await table.takeLease(fresh, 'A'))!;
    expect(a).toMatchObject({ leaseOwner: 'A', leaseCounter: 1, ownerSwitchesSinceCheckpoint: 0 });
    // A second taker that read the lease before A took it loses the race: nothing written.
    expect(await table.takeLease(fresh, 'B')).toBeUndefined();
    const renewed = (await table.renewLease(a, 'A'))!;
    expect(renewed.leaseCounter).toBe(2);
    expect(await table.renewLease(a, 'A')).toBeUndefined(); // stale counter
    const b = (await table.takeLease(renewed, 'B'))!; // stolen: owner switches + 1
    expect(b).toMatchObject({ leaseOwner: 'B', leaseCounter: 3, ownerSwitchesSinceCheckpoint: 1 });
    // A checkpoint by the old owner is refused even with the current counter.
    expect(await table.checkpoint(b, 'A', { checkpoint: '4960' })).toBeUndefined();
    const cp = (await table.checkpoint(b, 'B', {
      checkpoint: '4960',
      checkpointSubSequenceNumber: 2,
      stateRef: 'state/1',
    }))!;
    expect(cp).toMatchObject({
      leaseCounter: 4,
      checkpoint: '4960',
      checkpointSubSequenceNumber: 2,
      ownerSwitchesSinceCheckpoint: 0,
      stateRef: 'state/1',
    });
    const end = (await table.checkpoint(cp, 'B', {
      checkpoint: SHARD_END,
      childShardIds: ['s-2', 's-3'],
    }))!;
    expect(end.stateRef).toBeUndefined();
    expect(end.childShardIds).toEqual(['s-2', 's-3']);
    expect(await table.evictLease(end, 'A')).toBeUndefined();
    const evicted = (await table.evictLease(end, 'B'))!;
    expect(evicted.leaseOwner).toBeUndefined();
    expect(evicted.leaseCounter).toBe(6);
  });

  it('lists every lease across scan pages, in key order', async () => {
    const keys = Array.from({ length: 140 }, (_, i) => `k-${String(i).padStart(3, '0')}`);
    const parents = Array.from({ length: 200 }, (_, i) => `parent-${String(i).padStart(38, '0')}`);
    // 140 leases of ~9 KB: more than one 1 MB scan page.
    const table = await freshTable(client, []);
    for (const leaseKey of keys)
      await table.createLeaseIfNotExists({ leaseKey, parentShardIds: parents });
    expect((await table.listLeases()).map((l) => l.leaseKey)).toEqual(keys);
  });

  it('names the bad option and wraps DynamoDB errors with the table and operation', async () => {
    expect(() => new LeaseTable({ client, tableName: 'x' })).toThrow(LeaseOptionError);
    expect(() => new LeaseTable({ client, tableName: 'x' })).toThrow(/tableName/);
    const missing = new LeaseTable({ client, tableName: 'no-such-table' });
    const err = await missing.listLeases().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseTableError);
    expect(err).toMatchObject({ tableName: 'no-such-table', operation: 'Scan' });
  });
});
