import { isDeepStrictEqual } from 'node:util';

/** Every document of an index as id -> source, read with a scroll (no 10k result window cap). */
export async function readIndex(opensearch: string, index: string): Promise<Map<string, unknown>> {
  const refresh = await fetch(`${opensearch}/${index}/_refresh`, { method: 'POST' });
  if (refresh.status === 404) return new Map();
  const docs = new Map<string, unknown>();
  let ids = 0;
  type Page = { _scroll_id?: string; hits: { hits: { _id: string; _source: unknown }[] } };
  let page = (await (
    await fetch(`${opensearch}/${index}/_search?scroll=1m`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: 5_000, sort: ['_doc'], query: { match_all: {} } }),
    })
  ).json()) as Page;
  // Bounded: 200 pages of 5,000 is ten times the largest fixture's output.
  for (let i = 0; i < 200 && page.hits.hits.length > 0; i++) {
    for (const h of page.hits.hits) {
      ids++;
      docs.set(h._id, h._source);
    }
    page = (await (
      await fetch(`${opensearch}/_search/scroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scroll: '1m', scroll_id: page._scroll_id }),
      })
    ).json()) as Page;
  }
  if (page._scroll_id) {
    await fetch(`${opensearch}/_search/scroll`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scroll_id: page._scroll_id }),
    });
  }
  if (ids !== docs.size)
    throw new Error(`${index}: the scroll returned ${ids} hits for ${docs.size} ids`);
  return docs;
}

async function countOf(opensearch: string, index: string): Promise<number> {
  const res = await fetch(`${opensearch}/${index}/_count`);
  if (res.status === 404) return 0;
  return ((await res.json()) as { count: number }).count;
}

/** How an index differs from the batch model; all empty and equal counts when it matches. */
export interface IndexDiff {
  index: string;
  expected: number;
  /** `_count` of the index: catches a document the scroll would not show. */
  counted: number;
  read: number;
  missing: string[];
  extra: string[];
  different: { id: string; expected: unknown; got: unknown }[];
}

/** Compares the prefixed indices with the batch model, document for document (ids and contents). */
export async function diffIndices(
  opensearch: string,
  prefix: string,
  expected: Map<string, Map<string, unknown>>,
): Promise<IndexDiff[]> {
  const diffs: IndexDiff[] = [];
  for (const [index, want] of expected) {
    const got = await readIndex(opensearch, `${prefix}${index}`);
    const diff: IndexDiff = {
      index,
      expected: want.size,
      counted: await countOf(opensearch, `${prefix}${index}`),
      read: got.size,
      missing: [],
      extra: [],
      different: [],
    };
    for (const [id, doc] of want) {
      if (!got.has(id)) diff.missing.push(id);
      else if (!isDeepStrictEqual(got.get(id), doc))
        diff.different.push({ id, expected: doc, got: got.get(id) });
    }
    for (const id of got.keys()) if (!want.has(id)) diff.extra.push(id);
    diffs.push(diff);
  }
  return diffs;
}

/** A short text of what differs, for assertion messages (the first five of each kind). */
export function describeDiffs(diffs: IndexDiff[]): string {
  return diffs
    .map(
      (d) =>
        `${d.index}: expected ${d.expected}, counted ${d.counted}, read ${d.read}; ` +
        `missing ${d.missing.length} ${JSON.stringify(d.missing.slice(0, 5))}; ` +
        `extra ${d.extra.length} ${JSON.stringify(d.extra.slice(0, 5))}; ` +
        `different ${d.different.length} ${JSON.stringify(d.different.slice(0, 5))}`,
    )
    .join('\n');
}
