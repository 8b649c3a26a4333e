import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import {
  LeaseCoordinator,
  LeaseTable,
  type Clock,
  type LeaseCoordinatorOptions,
} from '../src/index.js';
import { seededRandom } from '@tripstream/test-support';

export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function dynamoClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: inject('stack').dynamodb,
    region: 'us-east-1',
    credentials,
  });
}

/** A clock that moves only when the test says so; sleeps end only on abort (loops are not used). */
export function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    sleep: (_ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      }),
  };
}

/** A fresh lease table with `shards` unowned leases. */
export async function freshTable(client: DynamoDBClient, shards: string[]): Promise<LeaseTable> {
  const table = new LeaseTable({ client, tableName: `leases-${randomUUID()}` });
  await table.create();
  for (const leaseKey of shards) await table.createLeaseIfNotExists({ leaseKey });
  return table;
}

export function shardIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `shardId-${String(i).padStart(12, '0')}`);
}

export function coordinator(
  table: LeaseTable,
  workerId: string,
  clock: Clock,
  extra: Partial<LeaseCoordinatorOptions> = {},
): LeaseCoordinator {
  return new LeaseCoordinator({
    table,
    workerId,
    clock,
    failoverTimeMs: 10_000,
    random: seededRandom(workerId.length * 7919 + workerId.charCodeAt(workerId.length - 1)),
    ...extra,
  });
}

/** One round: every live worker renews, then every live worker runs a taker pass. */
export async function round(workers: LeaseCoordinator[]): Promise<void> {
  for (const w of workers) await w.renewLeases();
  for (const w of workers) await w.takeLeases();
}

export function spread(table: { leaseOwner?: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of table) {
    const k = l.leaseOwner ?? '(none)';
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
