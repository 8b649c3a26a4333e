/** The shards of the stream could not be listed (missing stream, no permission, unreachable). */
export class ShardMapError extends Error {
  override readonly name = 'ShardMapError';
  /** Stream name or ARN. */
  readonly stream: string;

  constructor(stream: string, cause: unknown) {
    super(
      `Could not list the shards of stream ${stream}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.stream = stream;
  }
}
