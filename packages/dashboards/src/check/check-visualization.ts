import type { IndexMapping } from '@tripstream/reference-job';
import { parseKuery } from '../queries/kuery-to-query.js';
import { SEARCH_SOURCE_INDEX_REF } from '../saved-objects/saved-object.js';
import type { SavedObjectProblem } from './check-saved-objects.js';
import { AGG_FIELD_TYPES, NUMERIC_TYPES } from './field-types.js';

interface VisObject {
  line: number;
  id: string;
  attributes: Record<string, unknown>;
  references: { name: string; type: string; id: string }[];
}

const AGG_BASED = new Set(['tile_map', 'table', 'histogram', 'line', 'area', 'metric']);

/**
 * Checks one visualization: its JSON attributes parse, its title agrees with `visState`, its
 * search source points at its index-pattern reference, and every field it aggregates on exists
 * in the mapping with a type the aggregation accepts. TSVB (`metrics`) names its index by title
 * and is checked against `mappingOfTitle`.
 */
export function checkVisualization(
  o: VisObject,
  mapping: IndexMapping | undefined,
  mappingOfTitle: (title: string) => IndexMapping | undefined,
  problems: SavedObjectProblem[],
): void {
  const problem = (message: string): void => {
    problems.push({ line: o.line, id: o.id, message });
  };
  const vis = parseJson(o.attributes.visState, 'visState', problem);
  const meta = o.attributes.kibanaSavedObjectMeta as { searchSourceJSON?: unknown } | undefined;
  const source = parseJson(meta?.searchSourceJSON, 'searchSourceJSON', problem);
  parseJson(o.attributes.uiStateJSON ?? '{}', 'uiStateJSON', problem);
  if (!vis || !source) return;
  if (vis.title !== o.attributes.title) problem('visState.title differs from the title');

  const useField = (field: unknown, agg: string, m: IndexMapping | undefined, where: string) => {
    if (!m) return;
    const mapped = typeof field === 'string' ? m.properties[field] : undefined;
    if (!mapped) return problem(`${where}: field ${String(field)} is not in the index mapping`);
    const accepted = AGG_FIELD_TYPES[agg];
    if (accepted && !accepted.includes(mapped.type)) {
      problem(`${where}: ${agg} needs ${accepted.join('|')}, ${field} is ${mapped.type}`);
    }
  };

  if (AGG_BASED.has(vis.type)) {
    if (source.indexRefName !== SEARCH_SOURCE_INDEX_REF) {
      return problem('search source has no index reference');
    }
    const ref = o.references.find((r) => r.name === SEARCH_SOURCE_INDEX_REF);
    if (!ref || ref.type !== 'index-pattern') return problem('index reference is missing');
    if (!mapping) return problem('its index pattern has no mapping to check against');
    for (const agg of vis.aggs ?? []) {
      if (agg.type === 'count') continue;
      useField(agg.params?.field, agg.type, mapping, `agg ${agg.id} (${agg.type})`);
    }
  } else if (vis.type === 'metrics') {
    const p = vis.params ?? {};
    const m = mappingOfTitle(String(p.index_pattern));
    if (!m) return problem(`TSVB index_pattern ${String(p.index_pattern)} is no index of the sink`);
    useField(p.time_field, 'date_histogram', m, 'TSVB time_field');
    for (const series of p.series ?? []) {
      const ids = new Set<string>((series.metrics ?? []).map((x: { id: string }) => x.id));
      for (const metric of series.metrics ?? []) {
        const where = `TSVB series ${series.id} metric ${metric.id}`;
        if (metric.type === 'math') {
          for (const v of metric.variables ?? []) {
            if (!ids.has(v.field)) problem(`${where}: variable ${v.name} refers to no metric`);
          }
        } else if (metric.type !== 'count') {
          useField(metric.field, metric.type, m, where);
        }
      }
      if (series.split_mode === 'terms') useField(series.terms_field, 'terms', m, 'TSVB terms');
      for (const f of series.split_mode === 'filters' ? (series.split_filters ?? []) : []) {
        try {
          const q = parseKuery(f.filter, o.id);
          if (q.kind === 'match') {
            const type = m.properties[q.field]?.type;
            if (!type) problem(`TSVB filter ${f.id}: field ${q.field} is not in the index mapping`);
            else if (type !== 'keyword' && !NUMERIC_TYPES.includes(type)) {
              problem(`TSVB filter ${f.id}: ${q.field} is ${type}, not an exact-match field`);
            }
          }
        } catch (e) {
          problem(`TSVB filter ${f.id}: ${(e as Error).message}`);
        }
      }
    }
  } else {
    problem(`visualization type ${String(vis.type)} is not checked`);
  }
}

function parseJson(value: unknown, what: string, problem: (m: string) => void): any {
  if (typeof value !== 'string') {
    problem(`${what} is not a string`);
    return undefined;
  }
  try {
    return JSON.parse(value);
  } catch {
    problem(`${what} is not JSON`);
    return undefined;
  }
}
