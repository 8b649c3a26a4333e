import { NoDataError } from '../errors/no-data-error.js';
import type { SearchClient } from '../http/search-client.js';
import { indexNames } from '../index-names.js';
import type { TimeRange } from '../saved-objects/saved-objects-options.js';

/**
 * The span of the processor's windows in OpenSearch: from the first `window_start` to the last
 * `window_end` in the pickup_count index, as ISO-8601 instants. Every document's `timestamp`
 * (its window end) falls inside it.
 *
 * @throws NoDataError when the index is empty.
 * @throws OpenSearchQueryError when the search fails (e.g. the index does not exist).
 */
export async function dataTimeRange(client: SearchClient, indexPrefix = ''): Promise<TimeRange> {
  const index = indexNames(indexPrefix).pickupCount;
  const { body } = await client.search({
    index,
    body: {
      size: 0,
      aggs: { from: { min: { field: 'window_start' } }, to: { max: { field: 'window_end' } } },
    },
  });
  const aggs = (body as any)?.aggregations;
  const from = aggs?.from?.value;
  const to = aggs?.to?.value;
  if (typeof from !== 'number' || typeof to !== 'number') throw new NoDataError(index);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
