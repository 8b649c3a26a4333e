import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Lease } from '../lease.js';

/** @internal DynamoDB item → {@link Lease}; missing numbers read as 0, as the KCL's serializer does. */
export function fromItem(item: Record<string, AttributeValue>): Lease {
  const str = (k: string) => item[k]?.S;
  const num = (k: string) => (item[k]?.N === undefined ? 0 : Number(item[k].N));
  const lease: Lease = {
    leaseKey: str('leaseKey') ?? '',
    leaseCounter: num('leaseCounter'),
    checkpoint: str('checkpoint') ?? 'TRIM_HORIZON',
    checkpointSubSequenceNumber: num('checkpointSubSequenceNumber'),
    ownerSwitchesSinceCheckpoint: num('ownerSwitchesSinceCheckpoint'),
    // The KCL names these attributes in the singular although they hold string sets.
    parentShardIds: [...(item.parentShardId?.SS ?? [])].sort(),
    childShardIds: [...(item.childShardId?.SS ?? [])].sort(),
    endOfInput: item.endOfInput?.BOOL === true,
  };
  const owner = str('leaseOwner');
  const stateRef = str('stateRef');
  return {
    ...lease,
    ...(owner !== undefined ? { leaseOwner: owner } : {}),
    ...(stateRef !== undefined ? { stateRef } : {}),
  };
}

/** @internal {@link Lease} → DynamoDB item (for PutItem of a new lease). */
export function toItem(lease: Lease): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    leaseKey: { S: lease.leaseKey },
    leaseCounter: { N: String(lease.leaseCounter) },
    checkpoint: { S: lease.checkpoint },
    checkpointSubSequenceNumber: { N: String(lease.checkpointSubSequenceNumber) },
    ownerSwitchesSinceCheckpoint: { N: String(lease.ownerSwitchesSinceCheckpoint) },
  };
  if (lease.leaseOwner !== undefined) item.leaseOwner = { S: lease.leaseOwner };
  // DynamoDB refuses empty sets: an absent attribute means "none".
  if (lease.parentShardIds.length > 0) item.parentShardId = { SS: [...lease.parentShardIds] };
  if (lease.childShardIds.length > 0) item.childShardId = { SS: [...lease.childShardIds] };
  if (lease.stateRef !== undefined) item.stateRef = { S: lease.stateRef };
  if (lease.endOfInput) item.endOfInput = { BOOL: true };
  return item;
}
