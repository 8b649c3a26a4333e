import { inject } from 'vitest';

/** The shared OpenSearch of the test project (tools/local-stack globalSetup). */
export function opensearchUrl(): string {
  const url = inject('stack').opensearch;
  if (url === undefined)
    throw new Error('no OpenSearch in the test context (globalSetup missing?)');
  return url;
}

let counter = 0;
/** A fresh index name per call, so test files and cases never share an index. */
export function uniqueIndex(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text.length > 0 ? JSON.parse(text) : undefined;
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return parsed;
}

/** Every document of `index` (read straight from OpenSearch, not through any proxy), by id. */
export async function allDocuments(base: string, index: string): Promise<Map<string, unknown>> {
  await call(base, 'POST', `/${index}/_refresh`);
  const out = new Map<string, unknown>();
  let after: unknown[] | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await call(base, 'POST', `/${index}/_search`, {
      size: 5000,
      sort: [{ _id: 'asc' }],
      ...(after ? { search_after: after } : {}),
    });
    const hits = (res?.hits?.hits ?? []) as { _id: string; _source: unknown; sort: unknown[] }[];
    for (const h of hits) {
      if (out.has(h._id)) throw new Error(`duplicate id ${h._id}`);
      out.set(h._id, h._source);
    }
    if (hits.length < 5000) break;
    after = hits[hits.length - 1].sort;
  }
  return out;
}

export async function mappingOf(base: string, index: string): Promise<any> {
  return call(base, 'GET', `/${index}/_mapping`);
}

export async function createIndex(base: string, index: string, mappings: unknown): Promise<void> {
  await call(base, 'PUT', `/${index}`, { mappings });
}

export async function deleteIndex(base: string, pattern: string): Promise<void> {
  await call(base, 'DELETE', `/${pattern}?ignore_unavailable=true`);
}

export async function deleteTemplate(base: string, name: string): Promise<void> {
  await call(base, 'DELETE', `/_index_template/${name}`);
}

/** Best-effort removal of the indices this test process created (see uniqueIndex). */
export async function deleteOwnIndices(base: string): Promise<void> {
  await deleteIndex(base, `*-${process.pid}-*`).catch(() => {});
}
