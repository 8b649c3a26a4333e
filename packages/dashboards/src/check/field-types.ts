/** OpenSearch field types a numeric metric (sum, avg, min, max) accepts. */
export const NUMERIC_TYPES = Object.freeze([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'unsigned_long',
]);

/** Field types each aggregation needs, by aggregation name (Dashboards' and OpenSearch's). */
export const AGG_FIELD_TYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  sum: NUMERIC_TYPES,
  avg: NUMERIC_TYPES,
  min: NUMERIC_TYPES,
  max: NUMERIC_TYPES,
  geohash_grid: ['geo_point'],
  geo_centroid: ['geo_point'],
  date_histogram: ['date', 'date_nanos'],
  terms: ['keyword', 'date', 'boolean', 'ip', ...NUMERIC_TYPES],
});

/** Dashboards' field kind (index-pattern `fields[].type`) for an OpenSearch field type. */
export function fieldKind(type: string): string {
  if (NUMERIC_TYPES.includes(type)) return 'number';
  if (type === 'keyword' || type === 'text') return 'string';
  if (type === 'date_nanos') return 'date';
  return type;
}
