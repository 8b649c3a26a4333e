import * as crypto from 'node:crypto';
import { MAX_HASH_KEY } from './constants.js';

/**
 * The 128-bit hash key Kinesis derives from a partition key: MD5 of its UTF-8 bytes, read as an
 * unsigned big-endian integer. A record lands on the open shard whose hash-key range contains it.
 */
export function hashKeyOf(partitionKey: string): bigint {
  return BigInt('0x' + md5Hex(partitionKey));
}

// One-shot `crypto.hash` (Node >= 20.12) is several times faster than a Hash object per key.
const md5Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('md5', text, 'hex')
    : (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

/**
 * Parses an `ExplicitHashKey` (a decimal string in [0, 2^128 - 1]); `undefined` if it is not one.
 */
export function parseHashKey(explicitHashKey: string): bigint | undefined {
  if (!/^\d{1,39}$/.test(explicitHashKey)) return undefined;
  const key = BigInt(explicitHashKey);
  return key <= MAX_HASH_KEY ? key : undefined;
}
