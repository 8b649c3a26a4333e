import type { IndexMapping } from '@tripstream/reference-job';
import type { SavedObject } from './saved-object.js';

/** Dashboards' field kind for an OpenSearch field type. */
const KIND: Record<string, string> = {
  geo_point: 'geo_point',
  keyword: 'string',
  date: 'date',
  long: 'number',
  double: 'number',
};

/** Metadata fields an index pattern lists beside the mapped ones, as Dashboards itself does. */
const META_FIELDS = [
  { name: '_id', type: 'string', searchable: true, aggregatable: true },
  { name: '_index', type: 'string', searchable: true, aggregatable: true },
  { name: '_score', type: 'number', searchable: false, aggregatable: false },
  { name: '_source', type: '_source', searchable: false, aggregatable: false },
];

/**
 * An index pattern for one index whose fields come from the mapping the sink creates, so
 * Dashboards needs no field refresh before the first chart draws.
 */
export function indexPatternObject(id: string, title: string, mapping: IndexMapping): SavedObject {
  const fields = [
    ...META_FIELDS.map((f) => ({ ...f, count: 0, scripted: false, readFromDocValues: false })),
    ...Object.entries(mapping.properties).map(([name, { type }]) => ({
      name,
      type: KIND[type] ?? 'unknown',
      count: 0,
      scripted: false,
      searchable: true,
      aggregatable: true,
      readFromDocValues: true,
    })),
  ];
  return {
    type: 'index-pattern',
    id,
    attributes: { title, timeFieldName: 'timestamp', fields: JSON.stringify(fields) },
    references: [],
    migrationVersion: { 'index-pattern': '7.6.0' },
  };
}
