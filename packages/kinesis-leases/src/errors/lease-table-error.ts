/** A DynamoDB call on the lease table failed for another reason than a lost condition. */
export class LeaseTableError extends Error {
  override name = 'LeaseTableError';
  constructor(
    readonly tableName: string,
    /** The DynamoDB operation, e.g. `UpdateItem`. */
    readonly operation: string,
    cause: unknown,
    /** The lease concerned, if one. */
    readonly leaseKey?: string,
  ) {
    super(
      `${operation} on lease table "${tableName}"${leaseKey ? ` for "${leaseKey}"` : ''} failed: ` +
        (cause instanceof Error ? cause.message : String(cause)),
      { cause },
    );
  }
}
