// Saved objects
export { savedObjects } from './saved-objects/saved-objects.js';
export { savedObjectList } from './saved-objects/saved-object-list.js';
export type { SavedObject, SavedObjectReference } from './saved-objects/saved-object.js';
export {
  resolveSavedObjectsOptions,
  type SavedObjectsOptions,
  type ResolvedSavedObjectsOptions,
  type TimeRange,
} from './saved-objects/saved-objects-options.js';
export { objectIds, type ObjectIds } from './saved-objects/object-ids.js';
export { indexNames, type IndexNames } from './index-names.js';
export { DEFAULT_INTERVAL, DEFAULT_TIME_RANGE } from './constants.js';

// Proof: structure and queries
export {
  checkSavedObjects,
  type CheckSavedObjectsOptions,
  type SavedObjectProblem,
} from './check/check-saved-objects.js';
export { translateVisualizations } from './queries/translate-visualizations.js';
export type {
  AggColumn,
  AggTableResult,
  SearchRequest,
  TimeSeriesLine,
  TimeSeriesResult,
  TranslatedVisualization,
  VisualizationResult,
} from './queries/translated-visualization.js';

// Import and report
export {
  importSavedObjects,
  type ImportSavedObjectsOptions,
  type ImportSavedObjectsResult,
} from './import-saved-objects.js';
export {
  renderReport,
  type RenderReportOptions,
  type RenderReportResult,
} from './report/render-report.js';
export type {
  ReportBorough,
  ReportCell,
  ReportModel,
  ReportPoint,
  ReportSeries,
} from './report/report-model.js';
export { dataTimeRange } from './report/data-time-range.js';
export { geohashBounds, type CellBounds } from './report/geohash-bounds.js';
export {
  httpSearchClient,
  type HttpSearchClientOptions,
  type SearchClient,
} from './http/search-client.js';
export type { AwsCredentials, SigV4Options } from './http/sigv4-options.js';

// Errors
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { ServerUnreachableError } from './errors/server-unreachable-error.js';
export {
  SavedObjectsImportError,
  type ImportObjectError,
} from './errors/saved-objects-import-error.js';
export { OpenSearchQueryError } from './errors/opensearch-query-error.js';
export { NoDataError } from './errors/no-data-error.js';
export { VisualizationTranslationError } from './errors/visualization-translation-error.js';
