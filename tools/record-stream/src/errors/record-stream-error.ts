/** Reading the stream failed; `shardId` says where (absent while listing shards). */
export class RecordStreamError extends Error {
  override readonly name = 'RecordStreamError';

  constructor(
    message: string,
    readonly stream: string,
    readonly shardId: string | undefined,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}
