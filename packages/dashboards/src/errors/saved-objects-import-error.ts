/** One object the saved-objects `_import` API refused, as the API reports it. */
export interface ImportObjectError {
  type: string;
  id: string;
  title?: string;
  /** e.g. `{ type: 'conflict' }`, `{ type: 'missing_references', references: [...] }`. */
  error: { type: string; [key: string]: unknown };
}

/**
 * The Dashboards server answered the import, but not with success: an HTTP error (bad request,
 * authentication, missing xsrf header...) or `success: false` with per-object errors.
 */
export class SavedObjectsImportError extends Error {
  override readonly name = 'SavedObjectsImportError';

  constructor(
    message: string,
    /** HTTP status of the answer. */
    readonly status: number,
    /** Objects the server refused (empty for a whole-request failure). */
    readonly errors: readonly ImportObjectError[] = [],
    /** Objects the server did import. */
    readonly successCount = 0,
  ) {
    super(message);
  }
}
