import { afterAll, describe, expect, it } from 'vitest';
import {
  LeaseCoordinator,
  LeaseLostError,
  LeaseOptionError,
  SHARD_END,
  syncShardLeases,
  type LeaseCoordinatorEvents,
} from '../src/index.js';
import {
  coordinator,
  dynamoClient,
  freshTable,
  manualClock,
  round,
  shardIds,
  spread,
} from './helpers.js';

const client = dynamoClient();
afterAll(() => client.destroy());

/** Records every event of a coordinator. */
function record(c: LeaseCoordinator) {
  const taken: LeaseCoordinatorEvents['taken'][0][] = [];
  const lost: LeaseCoordinatorEvents['lost'][0][] = [];
  c.on('taken', (e) => taken.push(e));
  c.on('lost', (e) => lost.push(e));
  return { taken, lost };
}

describe('LeaseCoordinator (on dynalite, virtual clock)', () => {
  it.each([
    [4, 3],
    [7, 3],
    [12, 5],
  ])('%i shards and %i workers converge to an even spread', async (shards, n) => {
    const table = await freshTable(client, shardIds(shards));
    const clock = manualClock();
    const workers = Array.from({ length: n }, (_, i) => coordinator(table, `worker-${i}`, clock));
    // The first worker starts alone and takes everything; the others join one round later.
    await workers[0].takeLeases();
    expect(workers[0].heldLeases()).toHaveLength(shards);
    for (let i = 0; i < 2 * shards; i++) {
      clock.advance(1_000);
      await round(workers);
    }
    const counts = Object.values(spread(await table.listLeases()));
    expect(counts).toHaveLength(n);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b)).toBe(shards);
    // Each worker's own view agrees with the table.
    for (const w of workers) {
      const mine = (await table.listLeases()).filter((l) => l.leaseOwner === w.workerId);
      expect(w.heldLeases().map((l) => l.leaseKey)).toEqual(mine.map((l) => l.leaseKey));
    }
  });

  it("takes a dead worker's leases once they are unrenewed for the failover time, not before", async () => {
    const table = await freshTable(client, shardIds(4));
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    const b = coordinator(table, 'b', clock);
    const events = record(a);
    for (let i = 0; i < 6; i++) {
      clock.advance(1_000);
      await round([a, b]);
    }
    expect(spread(await table.listLeases())).toEqual({ a: 2, b: 2 });
    const bLeases = b.heldLeases().map((l) => l.leaseKey);
    const switchesBefore = (await table.getLease(bLeases[0]))!.ownerSwitchesSinceCheckpoint;
    events.taken.length = 0;
    // b dies (no renewals, no hand-back). a keeps renewing and scanning every second.
    for (let t = 0; t < 10_000; t += 1_000) {
      clock.advance(1_000);
      await round([a]);
    }
    expect(a.heldLeases()).toHaveLength(2); // exactly 10 s unchanged: not yet expired
    clock.advance(1_000);
    await round([a]);
    expect(a.heldLeases().map((l) => l.leaseKey)).toEqual(shardIds(4));
    expect(events.taken.map((e) => e.lease.leaseKey).sort()).toEqual(bLeases);
    expect(events.taken.every((e) => e.previousOwner === 'b' && !e.stolen)).toBe(true);
    expect((await table.getLease(bLeases[0]))!.ownerSwitchesSinceCheckpoint).toBe(
      switchesBefore + 1,
    );
  });

  it('a stolen lease is lost to its old owner, whose checkpoints through it are refused', async () => {
    const table = await freshTable(client, shardIds(2));
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    const b = coordinator(table, 'b', clock);
    const aEvents = record(a);
    const bEvents = record(b);
    await a.takeLeases();
    expect(a.heldLeases()).toHaveLength(2);
    clock.advance(1_000);
    await b.takeLeases(); // needs 1, none available: steals 1 from a
    expect(bEvents.taken).toHaveLength(1);
    expect(bEvents.taken[0]).toMatchObject({ stolen: true, previousOwner: 'a' });
    const stolen = bEvents.taken[0].lease.leaseKey;
    // a has not noticed yet; its next renewal finds the counter moved on.
    await a.renewLeases();
    expect(aEvents.lost).toEqual([{ leaseKey: stolen, reason: 'refused' }]);
    expect(a.holds(stolen)).toBe(false);
    await expect(a.checkpoint(stolen, { checkpoint: '1' })).rejects.toBeInstanceOf(LeaseLostError);
    expect(a.stats()).toMatchObject({ held: 1, lost: 1 });
    expect(b.stats()).toMatchObject({ held: 1, taken: 1, stolen: 1 });
  });

  it('refuses a checkpoint by a worker that never held the lease and writes nothing', async () => {
    const table = await freshTable(client, shardIds(1));
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    const b = coordinator(table, 'b', clock);
    await a.takeLeases();
    const before = (await table.getLease(shardIds(1)[0]))!;
    const err = await b.checkpoint(before.leaseKey, { checkpoint: '42' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseLostError);
    expect(err).toMatchObject({ leaseKey: before.leaseKey, workerId: 'b' });
    // Even a direct table write with the current counter is refused: the owner is checked too.
    expect(await table.checkpoint(before, 'b', { checkpoint: '42' })).toBeUndefined();
    expect(await table.getLease(before.leaseKey)).toEqual(before);
    const ok = await a.checkpoint(before.leaseKey, { checkpoint: '42' });
    expect(ok).toMatchObject({
      checkpoint: '42',
      leaseOwner: 'a',
      leaseCounter: before.leaseCounter + 1,
    });
  });

  it('a lease that could not be renewed for the failover time is lost locally', async () => {
    const table = await freshTable(client, shardIds(1));
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    const events = record(a);
    await a.takeLeases();
    clock.advance(10_001); // e.g. the process was paused: renewals did not happen
    expect(a.heldLeases()).toEqual([]);
    await a.renewLeases();
    expect(events.lost).toEqual([{ leaseKey: shardIds(1)[0], reason: 'expired' }]);
  });

  it('graceful stop hands leases back, so another worker takes them at once', async () => {
    const table = await freshTable(client, shardIds(4));
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    const b = coordinator(table, 'b', clock);
    await a.takeLeases();
    await b.takeLeases(); // a holds 4, b steals 1
    await a.renewLeases();
    {
      await using _a = a; // Symbol.asyncDispose = stop()
    }
    expect(spread(await table.listLeases())).toEqual({ '(none)': 3, b: 1 });
    await b.takeLeases(); // no clock advance: unowned leases are available immediately
    expect(b.heldLeases()).toHaveLength(4);
    expect(a.stats()).toMatchObject({ held: 0, released: 3 });
  });

  it('orders parents before children: a child waits until every parent is at SHARD_END', async () => {
    const table = await freshTable(client, []);
    const [p, c1, c2] = ['shardId-p', 'shardId-c1', 'shardId-c2'];
    const created = await syncShardLeases(table, [
      { shardId: p },
      { shardId: c1, parentShardIds: [p] },
      { shardId: c2, parentShardIds: [p] },
    ]);
    expect(created).toEqual([p, c1, c2]);
    expect(await syncShardLeases(table, [{ shardId: p }])).toEqual([]); // idempotent
    const clock = manualClock();
    const a = coordinator(table, 'a', clock);
    await a.takeLeases();
    expect(await a.parentsFinished(c1)).toBe(false);
    expect(await a.parentsFinished(p)).toBe(true);
    await a.checkpoint(p, { checkpoint: SHARD_END, childShardIds: [c1, c2] });
    expect(await a.parentsFinished(c1)).toBe(true);
    // A finished parent is handed back and no worker takes it again.
    expect(a.holds(p)).toBe(false);
    expect((await table.getLease(p))!.leaseOwner).toBeUndefined();
    const b = coordinator(table, 'b', clock);
    clock.advance(1_000);
    await round([a, b]);
    await round([a, b]);
    expect(spread((await table.listLeases()).filter((l) => l.checkpoint !== SHARD_END))).toEqual({
      a: 1,
      b: 1,
    });
    // A child whose parent lease is gone (trimmed) is ready at once.
    await table.deleteLease(p);
    expect(await b.parentsFinished(c2)).toBe(true);
  });

  it('runs its own loops on the clock and stops on abort', async () => {
    const table = await freshTable(client, shardIds(2));
    const controller = new AbortController();
    const a = new LeaseCoordinator({
      table,
      workerId: 'a',
      failoverTimeMs: 600,
      takeIntervalMs: 100,
      signal: controller.signal,
    });
    const taken = new Promise<number>((resolve) => {
      let n = 0;
      a.on('taken', () => ++n === 2 && resolve(n));
    });
    a.start();
    expect(await taken).toBe(2);
    controller.abort();
    await a.stop();
    expect(spread(await table.listLeases())).toEqual({ '(none)': 2 });
  });

  it('names the bad option', async () => {
    const table = await freshTable(client, []);
    expect(() => new LeaseCoordinator({ table, workerId: '' })).toThrow(LeaseOptionError);
    expect(() => new LeaseCoordinator({ table, workerId: 'a', failoverTimeMs: -1 })).toThrow(
      /failoverTimeMs/,
    );
    expect(
      () =>
        new LeaseCoordinator({ table, workerId: 'a', failoverTimeMs: 100, renewIntervalMs: 100 }),
    ).toThrow(/renewIntervalMs/);
    expect(() => new LeaseCoordinator({ table, workerId: 'a', maxLeasesForWorker: 1.5 })).toThrow(
      /maxLeasesForWorker/,
    );
  });
});
