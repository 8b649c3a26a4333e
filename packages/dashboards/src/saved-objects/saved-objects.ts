import { savedObjectList } from './saved-object-list.js';
import type { SavedObjectsOptions } from './saved-objects-options.js';

/**
 * The dashboards as saved-objects NDJSON, one object per line with a final newline: the file
 * OpenSearch Dashboards 2.x (and Kibana 7.10) imports through Stack Management or `_import`.
 *
 * @throws InvalidOptionError for a bad option.
 */
export function savedObjects(options?: SavedObjectsOptions): string {
  return savedObjectList(options)
    .map((o) => JSON.stringify(o))
    .join('\n')
    .concat('\n');
}
