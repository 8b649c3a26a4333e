import { VisualizationTranslationError } from '../errors/visualization-translation-error.js';

/** A Dashboards query bar entry. */
export interface QueryBarQuery {
  query: string;
  language: string;
}

/** What {@link parseKuery} understands: nothing (match all) or one `field : value` clause. */
export type ParsedKuery =
  { kind: 'all' } | { kind: 'match'; field: string; value: string; phrase: boolean };

const CLAUSE = /^\s*([A-Za-z_][\w.]*)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"()]+))\s*$/;

/**
 * Parses the KQL subset the tripstream objects use. Anything richer is refused rather than
 * guessed, so a translated query never silently differs from what Dashboards would send.
 *
 * @throws VisualizationTranslationError for other languages or syntax.
 */
export function parseKuery(q: QueryBarQuery, visualizationId: string): ParsedKuery {
  if (q.language !== 'kuery') {
    throw new VisualizationTranslationError(visualizationId, `query language ${q.language}`);
  }
  if (q.query.trim() === '') return { kind: 'all' };
  const m = CLAUSE.exec(q.query);
  if (!m)
    throw new VisualizationTranslationError(visualizationId, `KQL ${JSON.stringify(q.query)}`);
  const phrase = m[2] !== undefined;
  const value = phrase ? m[2].replace(/\\(.)/g, '$1') : m[3];
  return { kind: 'match', field: m[1], value, phrase };
}

/** The OpenSearch query Dashboards' KQL compiler produces for a {@link parseKuery} result. */
export function kueryToQuery(q: QueryBarQuery, visualizationId: string): Record<string, unknown> {
  const parsed = parseKuery(q, visualizationId);
  if (parsed.kind === 'all') return { match_all: {} };
  const leaf = parsed.phrase
    ? { match_phrase: { [parsed.field]: parsed.value } }
    : { match: { [parsed.field]: parsed.value } };
  return { bool: { should: [leaf], minimum_should_match: 1 } };
}
