/** A named pointer from one saved object to another (`attributes` refer to it by `name`). */
export interface SavedObjectReference {
  name: string;
  type: string;
  id: string;
}

/**
 * One line of a saved-objects NDJSON file, in the format OpenSearch Dashboards 2.x exports and
 * Kibana 7.10 shares. JSON-valued attributes (`visState`, `panelsJSON`, ...) are strings, as there.
 */
export interface SavedObject {
  type: 'index-pattern' | 'visualization' | 'dashboard';
  id: string;
  attributes: Record<string, unknown> & { title: string };
  references: SavedObjectReference[];
  /** The migrations the object is already shaped for, so the server applies none of them. */
  migrationVersion: Record<string, string>;
}

/** Name of the reference a visualization's search source uses for its index pattern. */
export const SEARCH_SOURCE_INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';
