import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { fromItem, toItem } from './_internals/lease-item.js';
import { systemClock } from '@tripstream/support';
import type { Clock } from './clock.js';
import { TRIM_HORIZON } from './constants.js';
import { LeaseOptionError } from './errors/lease-option-error.js';
import { LeaseTableError } from './errors/lease-table-error.js';
import type { Lease, NewLease } from './lease.js';

/** Options of {@link LeaseTable}. */
export interface LeaseTableOptions {
  /** The DynamoDB client; yours, never destroyed here. Required. */
  readonly client: DynamoDBClient;
  /** Table name, one per application (the KCL uses the application name). Required. */
  readonly tableName: string;
}

/** What a checkpoint writes through a lease (see {@link LeaseTable.checkpoint}). */
export interface CheckpointUpdate {
  /** A sequence number, or `SHARD_END`. */
  readonly checkpoint: string;
  /** Default: 0. */
  readonly checkpointSubSequenceNumber?: number;
  /** Reference to state saved for this checkpoint. Default: none (removes an earlier one). */
  readonly stateRef?: string;
  /** Default: false. */
  readonly endOfInput?: boolean;
  /** Child shards, once the shard is closed. Default: unchanged. */
  readonly childShardIds?: readonly string[];
}

/**
 * The lease table: one conditional DynamoDB write per lease operation, as the KCL's
 * `DynamoDBLeaseRefresher` does. Every write expects the counter the caller last saw and
 * increments it; a write that lost the race returns `undefined` (nothing written). Other DynamoDB
 * errors throw {@link LeaseTableError}.
 */
export class LeaseTable {
  readonly tableName: string;
  readonly #client: DynamoDBClient;

  constructor(options: LeaseTableOptions) {
    if (options === null || typeof options !== 'object') {
      throw new LeaseOptionError('options', options, 'an options object');
    }
    if (typeof options.client?.send !== 'function') {
      throw new LeaseOptionError('client', options.client, 'a DynamoDBClient');
    }
    if (
      typeof options.tableName !== 'string' ||
      !/^[A-Za-z0-9_.-]{3,255}$/.test(options.tableName)
    ) {
      throw new LeaseOptionError(
        'tableName',
        options.tableName,
        'a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)',
      );
    }
    this.#client = options.client;
    this.tableName = options.tableName;
  }

  /**
   * Creates the table (hash key `leaseKey`, on-demand billing) unless it exists, then waits until
   * it is ACTIVE. Safe for several workers to call at once.
   */
  async create(
    options: { clock?: Clock; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const clock = options.clock ?? systemClock;
    try {
      await this.#client.send(
        new CreateTableCommand({
          TableName: this.tableName,
          AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
        { abortSignal: options.signal },
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw this.#error('CreateTable', err);
    }
    const deadline = clock.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const d = await this.#call('DescribeTable', () =>
        this.#client.send(new DescribeTableCommand({ TableName: this.tableName })),
      );
      if (d.Table?.TableStatus === 'ACTIVE') return;
      if (clock.now() >= deadline || options.signal?.aborted) {
        throw new LeaseTableError(
          this.tableName,
          'DescribeTable',
          new Error(`table is ${d.Table?.TableStatus}, not ACTIVE`),
        );
      }
      await clock.sleep(250, options.signal);
    }
  }

  /** Every lease, read with a consistent scan (all pages). */
  async listLeases(): Promise<Lease[]> {
    const leases: Lease[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#call('Scan', () =>
        this.#client.send(
          new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey }),
        ),
      );
      for (const item of page.Items ?? []) leases.push(fromItem(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return leases.sort((a, b) => (a.leaseKey < b.leaseKey ? -1 : a.leaseKey > b.leaseKey ? 1 : 0));
  }

  /** One lease (consistent read), or `undefined` if there is none for `leaseKey`. */
  async getLease(leaseKey: string): Promise<Lease | undefined> {
    const res = await this.#call(
      'GetItem',
      () =>
        this.#client.send(
          new GetItemCommand({
            TableName: this.tableName,
            Key: { leaseKey: { S: leaseKey } },
            ConsistentRead: true,
          }),
        ),
      leaseKey,
    );
    return res.Item ? fromItem(res.Item) : undefined;
  }

  /** Creates an unowned lease unless one exists for the key; returns whether it created it. */
  async createLeaseIfNotExists(lease: NewLease): Promise<boolean> {
    const item = toItem({
      leaseKey: lease.leaseKey,
      leaseCounter: 0,
      checkpoint: lease.checkpoint ?? TRIM_HORIZON,
      checkpointSubSequenceNumber: 0,
      ownerSwitchesSinceCheckpoint: 0,
      parentShardIds: [...(lease.parentShardIds ?? [])].sort(),
      childShardIds: [],
      endOfInput: false,
    });
    const res = await this.#conditional('PutItem', lease.leaseKey, () =>
      this.#client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(leaseKey)',
        }),
      ),
    );
    return res !== undefined;
  }

  /** Renews a lease `owner` holds: counter + 1, if the counter and owner are still as seen. */
  renewLease(lease: Lease, owner: string): Promise<Lease | undefined> {
    return this.#update(lease, 'SET leaseCounter = leaseCounter + :one', {}, owner);
  }

  /**
   * Takes a lease (expired, unowned, or stolen) for `owner`: owner set, counter + 1, owner switches
   * + 1 when it changes hands. Fails if anyone wrote the lease since `lease` was read.
   */
  takeLease(lease: Lease, owner: string): Promise<Lease | undefined> {
    const switched = lease.leaseOwner !== undefined && lease.leaseOwner !== owner;
    return this.#update(
      lease,
      'SET leaseCounter = leaseCounter + :one, leaseOwner = :owner' +
        (switched ? ', ownerSwitchesSinceCheckpoint = ownerSwitchesSinceCheckpoint + :one' : ''),
      { ':owner': { S: owner } },
    );
  }

  /** Hands a lease back (owner removed, counter + 1) if `owner` still holds it. */
  evictLease(lease: Lease, owner: string): Promise<Lease | undefined> {
    return this.#update(
      lease,
      'SET leaseCounter = leaseCounter + :one REMOVE leaseOwner',
      {},
      owner,
    );
  }

  /**
   * Writes a checkpoint through a lease `owner` holds (counter and owner as seen): the position,
   * the state reference and the end-of-input flag change together, owner switches reset to 0.
   */
  checkpoint(lease: Lease, owner: string, update: CheckpointUpdate): Promise<Lease | undefined> {
    const values: Record<string, AttributeValue> = {
      ':cp': { S: update.checkpoint },
      ':sub': { N: String(update.checkpointSubSequenceNumber ?? 0) },
      ':zero': { N: '0' },
      ':eoi': { BOOL: update.endOfInput === true },
    };
    let set =
      'SET leaseCounter = leaseCounter + :one, checkpoint = :cp, checkpointSubSequenceNumber = :sub, ' +
      'ownerSwitchesSinceCheckpoint = :zero, endOfInput = :eoi';
    const remove: string[] = [];
    if (update.stateRef !== undefined) {
      set += ', stateRef = :ref';
      values[':ref'] = { S: update.stateRef };
    } else remove.push('stateRef');
    if (update.childShardIds !== undefined && update.childShardIds.length > 0) {
      set += ', childShardId = :children';
      values[':children'] = { SS: [...update.childShardIds] };
    }
    return this.#update(
      lease,
      set + (remove.length ? ` REMOVE ${remove.join(', ')}` : ''),
      values,
      owner,
    );
  }

  /** Deletes a lease (e.g. of a shard trimmed away). */
  async deleteLease(leaseKey: string): Promise<void> {
    await this.#call(
      'DeleteItem',
      () =>
        this.#client.send(
          new DeleteItemCommand({ TableName: this.tableName, Key: { leaseKey: { S: leaseKey } } }),
        ),
      leaseKey,
    );
  }

  async #update(
    lease: Lease,
    expression: string,
    values: Record<string, AttributeValue>,
    owner?: string,
  ): Promise<Lease | undefined> {
    let condition = 'leaseCounter = :counter';
    const attrs: Record<string, AttributeValue> = {
      ...values,
      ':one': { N: '1' },
      ':counter': { N: String(lease.leaseCounter) },
    };
    if (owner !== undefined) {
      condition += ' AND leaseOwner = :expectedOwner';
      attrs[':expectedOwner'] = { S: owner };
    }
    const res = await this.#conditional('UpdateItem', lease.leaseKey, () =>
      this.#client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { leaseKey: { S: lease.leaseKey } },
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: attrs,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return res?.Attributes ? fromItem(res.Attributes) : undefined;
  }

  async #conditional<T>(
    operation: string,
    leaseKey: string,
    send: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await send();
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw this.#error(operation, err, leaseKey);
    }
  }

  async #call<T>(operation: string, send: () => Promise<T>, leaseKey?: string): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw this.#error(operation, err, leaseKey);
    }
  }

  #error(operation: string, err: unknown, leaseKey?: string): LeaseTableError {
    return new LeaseTableError(this.tableName, operation, err, leaseKey);
  }
}
