import { SEARCH_SOURCE_INDEX_REF, type SavedObject } from './saved-object.js';

/** What {@link visualizationObject} wraps into a saved object. */
export interface VisualizationSpec {
  id: string;
  title: string;
  description: string;
  /** `visState` without its title (added here so the two never disagree). */
  visState: { type: string; params: Record<string, unknown>; aggs: unknown[] };
  /** Index pattern of an aggregation-based visualization; TSVB names its index in `params`. */
  indexPatternId?: string;
}

/** A `visualization` saved object (Kibana 7.10 shape, migration version 7.10.0). */
export function visualizationObject(spec: VisualizationSpec): SavedObject {
  const searchSource: Record<string, unknown> = {
    query: { query: '', language: 'kuery' },
    filter: [],
  };
  if (spec.indexPatternId) searchSource.indexRefName = SEARCH_SOURCE_INDEX_REF;
  return {
    type: 'visualization',
    id: spec.id,
    attributes: {
      title: spec.title,
      description: spec.description,
      visState: JSON.stringify({ title: spec.title, ...spec.visState }),
      uiStateJSON: '{}',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
    },
    references: spec.indexPatternId
      ? [{ name: SEARCH_SOURCE_INDEX_REF, type: 'index-pattern', id: spec.indexPatternId }]
      : [],
    migrationVersion: { visualization: '7.10.0' },
  };
}
