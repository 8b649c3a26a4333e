import type { Client } from '@opensearch-project/opensearch';
import { MappingConflictError, type MappingConflict } from '../errors.js';
import type { IndexTemplate, MappingProperty } from '../types.js';

/** @internal The template that governs `index`: the highest priority among matching ones. */
export function templateFor(
  index: string,
  templates: readonly IndexTemplate[],
): IndexTemplate | undefined {
  let best: IndexTemplate | undefined;
  for (const t of templates) {
    if (!t.indexPatterns.some((p) => matchesPattern(p, index))) continue;
    if (best === undefined || (t.priority ?? 0) > (best.priority ?? 0)) best = t;
  }
  return best;
}

/** @internal Index pattern match; `*` matches any run of characters. */
export function matchesPattern(pattern: string, name: string): boolean {
  const parts = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(name);
}

/** @internal Differences between wanted and existing properties. */
export interface MappingDiff {
  readonly conflicts: MappingConflict[];
  /** Wanted properties the index lacks, shaped as a `properties` object for `PUT _mapping`. */
  readonly missing: Record<string, MappingProperty>;
}

/** Date format OpenSearch applies when a date mapping names none. */
const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

/** @internal */
export function diffMappings(
  wanted: Readonly<Record<string, MappingProperty>> | undefined,
  actual: Readonly<Record<string, MappingProperty>> | undefined,
  prefix = '',
): MappingDiff {
  const conflicts: MappingConflict[] = [];
  const missing: Record<string, MappingProperty> = {};
  for (const [name, want] of Object.entries(wanted ?? {})) {
    const field = prefix + name;
    const have = actual?.[name];
    if (have === undefined) {
      missing[name] = want;
      continue;
    }
    const wantType = typeOf(want);
    const haveType = typeOf(have);
    if (wantType !== undefined && wantType !== haveType) {
      conflicts.push({ field, expected: wantType, actual: haveType ?? 'object' });
      continue;
    }
    if (wantType === 'date' && want.format !== undefined) {
      const haveFormat = have.format ?? DEFAULT_DATE_FORMAT;
      if (haveFormat !== want.format) {
        conflicts.push({
          field,
          expected: `date (format ${want.format})`,
          actual: `date (format ${haveFormat})`,
        });
      }
    }
    if (want.properties !== undefined) {
      const inner = diffMappings(want.properties, have.properties, `${field}.`);
      conflicts.push(...inner.conflicts);
      if (Object.keys(inner.missing).length > 0) {
        missing[name] = { ...(want.type ? { type: want.type } : {}), properties: inner.missing };
      }
    }
  }
  return { conflicts, missing };
}

function typeOf(p: MappingProperty): string | undefined {
  if (p.type !== undefined) return p.type;
  return p.properties !== undefined ? 'object' : undefined;
}

/**
 * @internal Refuses (MappingConflictError) an existing index whose fields are mapped differently
 * from its template, and adds the template's fields it lacks. A missing index passes: the write
 * creates it from the template.
 */
export async function checkIndexMapping(
  client: Client,
  index: string,
  template: IndexTemplate,
  requestTimeoutMs: number,
): Promise<void> {
  const options = { maxRetries: 0, requestTimeout: requestTimeoutMs };
  const response = await client.transport.request(
    { method: 'GET', path: `/${encodeURIComponent(index)}/_mapping` },
    { ...options, ignore: [404] },
  );
  if (response.statusCode === 404) return;
  const body = (response.body ?? {}) as Record<
    string,
    { mappings?: { properties?: Record<string, MappingProperty> } }
  >;
  for (const [concrete, { mappings }] of Object.entries(body)) {
    const { conflicts, missing } = diffMappings(template.mappings.properties, mappings?.properties);
    if (conflicts.length > 0) throw new MappingConflictError(concrete, template.name, conflicts);
    if (Object.keys(missing).length === 0) continue;
    try {
      await client.transport.request(
        {
          method: 'PUT',
          path: `/${encodeURIComponent(concrete)}/_mapping`,
          body: { properties: missing },
        },
        options,
      );
    } catch (err) {
      // The fields appeared meanwhile with other types (a write raced us): still a conflict.
      if ((err as { statusCode?: number }).statusCode === 400) {
        throw new MappingConflictError(
          concrete,
          template.name,
          Object.keys(missing).map((field) => ({
            field,
            expected: typeOf(missing[field]) ?? 'object',
            actual: 'an incompatible mapping',
          })),
          {
            cause: Object.assign(new Error((err as Error).message), { name: (err as Error).name }),
          },
        );
      }
      throw err;
    }
  }
}
