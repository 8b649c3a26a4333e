import type { Client } from '@opensearch-project/opensearch';
import { InvalidOptionError } from './errors.js';
import type { IndexTemplate } from './types.js';

/** Per-request options of {@link ensureIndexTemplates}. */
export interface EnsureIndexTemplatesOptions {
  /** Time one request may take. Unit: ms. Default: the client's `requestTimeout`. */
  readonly requestTimeoutMs?: number;
  /** Retries the client makes itself. Default: the client's `maxRetries`. */
  readonly maxRetries?: number;
}

/**
 * Puts composable index templates (`PUT _index_template/<name>`), so indices created afterwards,
 * by a write or by hand, get the caller's mappings. Idempotent: putting the same template again
 * changes nothing. Existing indices are not touched; `BulkWriter` checks those itself.
 *
 * @example
 * await ensureIndexTemplates(client, [
 *   { name: 'rides', indexPatterns: ['rides*'], mappings: { properties: { at: { type: 'date' } } } },
 * ]);
 */
export async function ensureIndexTemplates(
  client: Client,
  templates: readonly IndexTemplate[],
  options: EnsureIndexTemplatesOptions = {},
): Promise<void> {
  validateIndexTemplates(templates, 'templates');
  for (const template of templates) {
    await client.transport.request(
      {
        method: 'PUT',
        path: `/_index_template/${encodeURIComponent(template.name)}`,
        body: {
          index_patterns: template.indexPatterns,
          ...(template.priority === undefined ? {} : { priority: template.priority }),
          template: {
            mappings: template.mappings,
            ...(template.settings === undefined ? {} : { settings: template.settings }),
          },
        },
      },
      {
        ...(options.requestTimeoutMs === undefined
          ? {}
          : { requestTimeout: options.requestTimeoutMs }),
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      },
    );
  }
}

/** @internal Validates templates; `path` names the option in errors. */
export function validateIndexTemplates(templates: unknown, path: string): void {
  if (!Array.isArray(templates))
    throw new InvalidOptionError(path, templates, 'an array of templates');
  const names = new Set<string>();
  templates.forEach((t: Partial<IndexTemplate>, i) => {
    const at = `${path}[${i}]`;
    if (t === null || typeof t !== 'object') throw new InvalidOptionError(at, t, 'an object');
    if (typeof t.name !== 'string' || !/^[^\s*?"<>|,#/\\]+$/.test(t.name)) {
      throw new InvalidOptionError(
        `${at}.name`,
        t.name,
        'a template name such as "rides" (no spaces, *, ?, ", <, >, |, comma, #, slashes)',
      );
    }
    if (names.has(t.name)) throw new InvalidOptionError(`${at}.name`, t.name, 'a name used once');
    names.add(t.name);
    if (
      !Array.isArray(t.indexPatterns) ||
      t.indexPatterns.length === 0 ||
      !t.indexPatterns.every((p) => typeof p === 'string' && p.length > 0)
    ) {
      throw new InvalidOptionError(
        `${at}.indexPatterns`,
        t.indexPatterns,
        'a non-empty array of patterns such as ["rides*"]',
      );
    }
    if (t.mappings === null || typeof t.mappings !== 'object' || Array.isArray(t.mappings)) {
      throw new InvalidOptionError(
        `${at}.mappings`,
        t.mappings,
        'a mappings object such as { properties: { ... } }',
      );
    }
    if (t.priority !== undefined && (!Number.isInteger(t.priority) || t.priority < 0)) {
      throw new InvalidOptionError(`${at}.priority`, t.priority, 'an integer >= 0');
    }
  });
}
