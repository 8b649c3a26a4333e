import { VisualizationTranslationError } from '../errors/visualization-translation-error.js';
import { SEARCH_SOURCE_INDEX_REF, type SavedObject } from '../saved-objects/saved-object.js';
import type { TimeRange } from '../saved-objects/saved-objects-options.js';
import { timeRangeMs } from './time-range-ms.js';
import { translateAggBased } from './translate-agg-based.js';
import type { TranslatedVisualization } from './translated-visualization.js';
import { translateTsvb } from './translate-tsvb.js';

/**
 * Turns every visualization of a saved-objects file (NDJSON text or parsed objects) into the
 * OpenSearch search Dashboards runs for it over `timeRange`, with a parser of the answer. Reads
 * only the saved objects, so a wrong field or index in them shows up as a wrong or failing query.
 *
 * @throws VisualizationTranslationError for a visualization it cannot translate faithfully.
 * @throws InvalidOptionError when `timeRange` is not two ISO-8601 instants.
 */
export function translateVisualizations(
  objects: string | readonly SavedObject[],
  timeRange: TimeRange,
): TranslatedVisualization[] {
  const list: SavedObject[] =
    typeof objects === 'string'
      ? objects
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as SavedObject)
          .filter((o) => typeof o.type === 'string')
      : [...objects];
  const range = timeRangeMs(timeRange);
  const patterns = new Map(list.filter((o) => o.type === 'index-pattern').map((o) => [o.id, o]));
  return list
    .filter((o) => o.type === 'visualization')
    .map((o) => {
      const visState = JSON.parse(String(o.attributes.visState));
      const title = o.attributes.title;
      if (visState.type === 'metrics') {
        return translateTsvb({ id: o.id, title, params: visState.params, timeRange: range });
      }
      const ref = o.references.find((r) => r.name === SEARCH_SOURCE_INDEX_REF);
      const pattern = ref && patterns.get(ref.id);
      if (!pattern) throw new VisualizationTranslationError(o.id, 'index pattern not in the file');
      const meta = o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string };
      return translateAggBased({
        id: o.id,
        title,
        visState,
        searchSource: JSON.parse(meta.searchSourceJSON),
        index: pattern.attributes.title,
        timeField: String(pattern.attributes.timeFieldName),
        timeRange: range,
      });
    });
}
