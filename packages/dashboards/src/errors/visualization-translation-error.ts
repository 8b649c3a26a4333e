/** A visualization uses something the query translation does not implement. */
export class VisualizationTranslationError extends Error {
  override readonly name = 'VisualizationTranslationError';

  constructor(
    /** Id of the visualization. */
    readonly visualizationId: string,
    /** What is not supported. */
    readonly reason: string,
  ) {
    super(`visualization ${visualizationId}: ${reason}`);
  }
}
