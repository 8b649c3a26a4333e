import { TAXI_INDEX_MAPPINGS, type IndexMapping } from '@tripstream/reference-job';
import { checkVisualization } from './check-visualization.js';
import { fieldKind } from './field-types.js';

/** One thing wrong with a saved-objects file. */
export interface SavedObjectProblem {
  /** 1-based line of the NDJSON file. */
  line: number;
  /** Id of the object, when the line had one. */
  id?: string;
  message: string;
}

/** Options of {@link checkSavedObjects}. */
export interface CheckSavedObjectsOptions {
  /**
   * Mappings of the indices the objects must query, by index name before the prefix. Default
   * the sink's taxi mappings (`TAXI_INDEX_MAPPINGS` of `@tripstream/trip-schema`).
   */
  mappings?: Readonly<Record<string, IndexMapping>>;
  /** The `--index-prefix` the objects were made for. Default `''`. */
  indexPrefix?: string;
}

interface Parsed {
  line: number;
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { name: string; type: string; id: string }[];
}

const TYPES = new Set(['index-pattern', 'visualization', 'dashboard']);

/**
 * Structural checks of a saved-objects NDJSON file, the ones a Dashboards server would only
 * reveal when a chart fails to draw: every line parses, ids are unique, every reference and
 * reference name resolves, every field a visualization uses exists in the index mappings with a
 * type its aggregation accepts (geo_point for the grid, date for histograms, numbers for sums),
 * index patterns list their fields with the mapped kinds and a date time field, and the
 * dashboard restores a time range. Returns every problem found; an empty list means none.
 */
export function checkSavedObjects(
  ndjson: string,
  options: CheckSavedObjectsOptions = {},
): SavedObjectProblem[] {
  const mappings: Readonly<Record<string, IndexMapping>> = options.mappings ?? TAXI_INDEX_MAPPINGS;
  const prefix = options.indexPrefix ?? '';
  const problems: SavedObjectProblem[] = [];
  const objects = parseLines(ndjson, problems);
  const byKey = new Map<string, Parsed>();
  for (const o of objects) {
    const key = `${o.type}:${o.id}`;
    if (byKey.has(key)) problems.push({ line: o.line, id: o.id, message: `duplicate ${key}` });
    byKey.set(key, o);
  }
  for (const o of objects) {
    for (const ref of o.references) {
      if (!byKey.has(`${ref.type}:${ref.id}`)) {
        problems.push(at(o, `reference ${ref.name} -> ${ref.type} ${ref.id} is not in the file`));
      }
    }
  }
  /** Index patterns by title, each with the mapping of the index it matches. */
  const patterns = new Map<string, IndexMapping | undefined>();
  for (const o of objects.filter((x) => x.type === 'index-pattern')) {
    const title = String(o.attributes.title);
    const mapping = title.startsWith(prefix) ? mappings[title.slice(prefix.length)] : undefined;
    if (!mapping) problems.push(at(o, `index pattern ${title} matches no index of the sink`));
    patterns.set(o.id, mapping);
    checkIndexPattern(o, mapping, problems);
  }
  const mappingOfTitle = (title: string) =>
    title.startsWith(prefix) ? mappings[title.slice(prefix.length)] : undefined;
  for (const o of objects) {
    if (o.type === 'visualization') {
      const ref = o.references.find((r) => r.type === 'index-pattern');
      checkVisualization(o, ref ? patterns.get(ref.id) : undefined, mappingOfTitle, problems);
    } else if (o.type === 'dashboard') {
      checkDashboard(o, problems);
    }
  }
  return problems;
}

function at(o: { line: number; id: string }, message: string): SavedObjectProblem {
  return { line: o.line, id: o.id, message };
}

function parseLines(ndjson: string, problems: SavedObjectProblem[]): Parsed[] {
  const parsed: Parsed[] = [];
  ndjson.split('\n').forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    let value: any;
    try {
      value = JSON.parse(text);
    } catch (e) {
      problems.push({ line, message: `not JSON: ${(e as Error).message}` });
      return;
    }
    if (value && typeof value === 'object' && 'exportedCount' in value) return; // export summary
    const { type, id, attributes, references } = value ?? {};
    if (typeof id !== 'string' || id === '') {
      problems.push({ line, message: 'missing id' });
      return;
    }
    if (!TYPES.has(type)) problems.push({ line, id, message: `unexpected type ${String(type)}` });
    if (!attributes || typeof attributes !== 'object' || typeof attributes.title !== 'string') {
      problems.push({ line, id, message: 'attributes.title missing' });
      return;
    }
    if (!Array.isArray(references)) {
      problems.push({ line, id, message: 'references is not an array' });
      return;
    }
    parsed.push({ line, type, id, attributes, references });
  });
  return parsed;
}

function checkIndexPattern(
  o: Parsed,
  mapping: IndexMapping | undefined,
  problems: SavedObjectProblem[],
): void {
  let fields: { name: string; type: string; aggregatable?: boolean }[];
  try {
    fields = JSON.parse(String(o.attributes.fields ?? '[]'));
  } catch {
    problems.push(at(o, 'attributes.fields is not JSON'));
    return;
  }
  const timeField = o.attributes.timeFieldName;
  if (typeof timeField !== 'string') {
    problems.push(at(o, 'no timeFieldName'));
  } else if (mapping && mapping.properties[timeField]?.type !== 'date') {
    problems.push(at(o, `time field ${timeField} is not a date in the mapping`));
  }
  if (!mapping) return;
  for (const [name, { type }] of Object.entries(mapping.properties)) {
    const listed = fields.find((f) => f.name === name);
    if (!listed) problems.push(at(o, `field ${name} is mapped but not listed`));
    else if (listed.type !== fieldKind(type)) {
      problems.push(at(o, `field ${name} listed as ${listed.type}, mapped as ${type}`));
    }
  }
  for (const f of fields) {
    if (!f.name.startsWith('_') && !mapping.properties[f.name]) {
      problems.push(at(o, `field ${f.name} is listed but not mapped`));
    }
  }
}

function checkDashboard(o: Parsed, problems: SavedObjectProblem[]): void {
  let panels: { panelRefName?: string }[];
  try {
    panels = JSON.parse(String(o.attributes.panelsJSON));
  } catch {
    problems.push(at(o, 'panelsJSON is not JSON'));
    return;
  }
  if (panels.length === 0) problems.push(at(o, 'dashboard has no panels'));
  for (const p of panels) {
    const ref = o.references.find((r) => r.name === p.panelRefName);
    if (!ref) problems.push(at(o, `panel ${String(p.panelRefName)} has no reference`));
    else if (ref.type !== 'visualization') {
      problems.push(at(o, `panel ${ref.name} refers to a ${ref.type}`));
    }
  }
  const { timeRestore, timeFrom, timeTo } = o.attributes;
  if (timeRestore !== true || typeof timeFrom !== 'string' || typeof timeTo !== 'string') {
    problems.push(at(o, 'dashboard does not restore a time range'));
  }
}
