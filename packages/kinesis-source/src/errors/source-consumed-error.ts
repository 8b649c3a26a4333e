/**
 * A source has exactly one consumer (its positions describe what that consumer received): a
 * second iterator or subscription gets this error.
 */
export class SourceConsumedError extends Error {
  override readonly name = 'SourceConsumedError';

  constructor() {
    super(
      'this KinesisSource already has a consumer; create a new source (from positions()) instead',
    );
  }
}
