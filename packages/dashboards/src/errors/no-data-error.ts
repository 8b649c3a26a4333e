/** An index the report reads holds no documents, so there is nothing to draw. */
export class NoDataError extends Error {
  override readonly name = 'NoDataError';

  constructor(
    /** The empty index. */
    readonly index: string,
  ) {
    super(`${index} holds no documents: run the processor with the same --index-prefix first`);
  }
}
