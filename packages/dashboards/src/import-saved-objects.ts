import { randomBytes } from 'node:crypto';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import {
  SavedObjectsImportError,
  type ImportObjectError,
} from './errors/saved-objects-import-error.js';
import { send } from './http/send.js';
import { resolveSigV4, type SigV4Options } from './http/sigv4-options.js';

/** Options of {@link importSavedObjects}. */
export interface ImportSavedObjectsOptions {
  /**
   * Base URL of OpenSearch Dashboards (or Kibana 7.10), including any base path, e.g.
   * `http://localhost:5601` or `https://<domain>/_dashboards`. `user:password@` in it becomes
   * basic authentication. Required.
   */
  url: string;
  /** The saved objects, e.g. from `savedObjects()`. Required. */
  ndjson: string;
  /** Sign the request for Amazon OpenSearch Service's Dashboards. Default: unsigned. */
  sigv4?: SigV4Options;
  /** Request timeout in milliseconds. Default 30000. */
  timeoutMs?: number;
}

/** What the server imported. */
export interface ImportSavedObjectsResult {
  successCount: number;
  objects: { type: string; id: string; title?: string }[];
}

/**
 * Imports saved objects through the saved-objects `_import` API with `overwrite=true` (a
 * re-import replaces the objects), as a multipart upload with the xsrf headers of both
 * OpenSearch Dashboards (`osd-xsrf`) and Kibana (`kbn-xsrf`).
 *
 * @throws ServerUnreachableError when the server does not answer.
 * @throws SavedObjectsImportError when it answers with an error status or refuses objects.
 * @throws InvalidOptionError for a bad URL or SigV4 options.
 */
export async function importSavedObjects(
  options: ImportSavedObjectsOptions,
): Promise<ImportSavedObjectsResult> {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new InvalidOptionError('url', options.url, 'must be an http(s) URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidOptionError('url', options.url, 'must be an http(s) URL');
  }
  const sigv4 = options.sigv4 ? resolveSigV4(options.sigv4) : undefined;
  const boundary = `----tripstream${randomBytes(12).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\n` +
        'Content-Disposition: form-data; name="file"; filename="tripstream.ndjson"\r\n' +
        'Content-Type: application/ndjson\r\n\r\n',
    ),
    Buffer.from(options.ndjson),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const root = base.toString().replace(/\/+$/, '');
  const res = await send({
    method: 'POST',
    url: `${root}/api/saved_objects/_import?overwrite=true`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'osd-xsrf': 'true',
      'kbn-xsrf': 'true',
    },
    body,
    sigv4,
    timeoutMs: options.timeoutMs,
  });
  let answer: any;
  try {
    answer = JSON.parse(res.text);
  } catch {
    answer = undefined;
  }
  if (res.status !== 200 || !answer || typeof answer !== 'object') {
    const said = answer?.message ?? res.text.slice(0, 300);
    const hint =
      res.status === 404
        ? ' (no saved-objects API there: is this the Dashboards URL, with its base path?)'
        : res.status === 401 || res.status === 403
          ? ' (authentication: credentials in the URL, or --sigv4 for Amazon OpenSearch Service)'
          : '';
    throw new SavedObjectsImportError(
      `import into ${root} failed with HTTP ${res.status}: ${said}${hint}`,
      res.status,
    );
  }
  if (answer.success !== true) {
    const errors: ImportObjectError[] = Array.isArray(answer.errors) ? answer.errors : [];
    const listed = errors.map(
      (e) => `${e.type} ${e.id}${e.title ? ` "${e.title}"` : ''}: ${describe(e.error)}`,
    );
    throw new SavedObjectsImportError(
      `import into ${root} refused ${errors.length} object(s) (${answer.successCount ?? 0} imported):\n  ${listed.join('\n  ')}`,
      res.status,
      errors,
      answer.successCount ?? 0,
    );
  }
  const results: any[] = Array.isArray(answer.successResults) ? answer.successResults : [];
  return {
    successCount: answer.successCount,
    objects: results.map((r) => ({ type: r.type, id: r.id, title: r.meta?.title })),
  };
}

function describe(error: ImportObjectError['error'] | undefined): string {
  if (!error) return 'unknown error';
  const refs = error.references as { type: string; id: string }[] | undefined;
  if (error.type === 'missing_references' && refs) {
    return `missing references ${refs.map((r) => `${r.type} ${r.id}`).join(', ')}`;
  }
  return error.message ? `${error.type}: ${String(error.message)}` : error.type;
}
