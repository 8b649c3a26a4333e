/**
 * A write through a lease was refused because this worker no longer holds it: another worker took
 * or stole it (its counter moved on), or it expired here. Nothing was written; stop processing
 * the shard and drop its local state, as the KCL's `ShutdownException` asks.
 */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(
    readonly leaseKey: string,
    readonly workerId: string,
    /** The owner the table shows now, when known. */
    readonly currentOwner?: string,
    cause?: unknown,
  ) {
    super(
      `worker "${workerId}" does not hold the lease on "${leaseKey}"` +
        (currentOwner ? ` (held by "${currentOwner}")` : ''),
      { cause },
    );
  }
}
