import { randomUUID } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { LeaseOptionError } from '../errors/lease-option-error.js';
import type { ShardStateStore } from '../shard-state-store.js';

/** Options of {@link createS3StateStore}. */
export interface S3StateStoreOptions {
  /** Your S3 client (never destroyed here). Required. */
  readonly client: S3Client;
  /** Bucket name. Required. */
  readonly bucket: string;
  /** Key prefix, e.g. `tripstream/state/`; a `/` is added if missing. Default: none. */
  readonly prefix?: string;
}

/**
 * A {@link ShardStateStore} on S3: one object per checkpoint at
 * `<prefix><shardId>/<time>-<uuid>.bin`; the reference is the object key. Objects are never
 * overwritten, so a zombie worker's late write cannot replace the state a checkpoint names.
 */
export function createS3StateStore(options: S3StateStoreOptions): ShardStateStore {
  if (typeof options?.client?.send !== 'function') {
    throw new LeaseOptionError('client', options?.client, 'an S3Client');
  }
  if (typeof options.bucket !== 'string' || options.bucket.length === 0) {
    throw new LeaseOptionError('bucket', options.bucket, 'a bucket name');
  }
  const { client, bucket } = options;
  const prefix =
    options.prefix === undefined || options.prefix === '' || options.prefix.endsWith('/')
      ? (options.prefix ?? '')
      : `${options.prefix}/`;
  return {
    async save(shardId, state) {
      const Key = `${prefix}${shardId}/${Date.now().toString(36)}-${randomUUID()}.bin`;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: state }));
      return Key;
    },
    async load(stateRef) {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: stateRef }));
      return res.Body!.transformToByteArray();
    },
    async discard(stateRef) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: stateRef }));
    },
  };
}
