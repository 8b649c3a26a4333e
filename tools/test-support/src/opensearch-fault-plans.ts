import type { OpenSearchFault, OpenSearchPlan } from './opensearch-fault-proxy.js';

/** Faults on `_bulk` requests; each share is a probability per request (or per item). */
export interface BusyClusterFaults {
  random: () => number;
  /** Bulk requests answered 429 whole, unforwarded. Default 0. */
  tooManyShare?: number;
  /** Bulk requests answered 503 whole, unforwarded. Default 0. */
  unavailableShare?: number;
  /** Bulk requests of which some items are refused with a per-item 429. Default 0. */
  partialShare?: number;
  /** In such a request, the share of items refused (at least one, if it has two). Default 0.3. */
  partialItemShare?: number;
  /** Faults for the first `_bulk` requests, before the random ones (every kind in every run). */
  script?: ('too-many' | 'unavailable' | 'partial' | 'none')[];
}

/** What {@link busyClusterFaults} injected so far. */
export interface BusyClusterStats {
  bulkRequests: number;
  tooMany: number;
  unavailable: number;
  partialRequests: number;
  itemsRefused: number;
}

/**
 * A plan for {@link startOpenSearchFaultProxy} that rejects `_bulk` requests the way a cluster
 * under pressure does: whole requests 429 or 503, or a 200 whose items refuse some documents with
 * `es_rejected_execution_exception`. Every other request (templates, mappings) passes through.
 */
export function busyClusterFaults(o: BusyClusterFaults): {
  plan: OpenSearchPlan;
  stats: BusyClusterStats;
} {
  const stats: BusyClusterStats = {
    bulkRequests: 0,
    tooMany: 0,
    unavailable: 0,
    partialRequests: 0,
    itemsRefused: 0,
  };
  const draw = () => {
    const r = o.random();
    const tooMany = o.tooManyShare ?? 0;
    if (r < tooMany) return 'too-many';
    if (r < tooMany + (o.unavailableShare ?? 0)) return 'unavailable';
    return o.random() < (o.partialShare ?? 0) ? 'partial' : 'none';
  };
  const plan: OpenSearchPlan = (request): OpenSearchFault => {
    if (request.method !== 'POST' || request.actions.length === 0) return { kind: 'forward' };
    stats.bulkRequests++;
    const fault = o.script?.[stats.bulkRequests - 1] ?? draw();
    if (fault === 'too-many') {
      stats.tooMany++;
      return { kind: 'status', status: 429, type: 'es_rejected_execution_exception' };
    }
    if (fault === 'unavailable') {
      stats.unavailable++;
      return { kind: 'status', status: 503, type: 'cluster_block_exception' };
    }
    if (fault === 'none') return { kind: 'forward' };
    const refused = request.actions.map(() => o.random() < (o.partialItemShare ?? 0.3));
    if (refused.length > 1 && !refused.some(Boolean)) refused[0] = true;
    stats.partialRequests++;
    stats.itemsRefused += refused.filter(Boolean).length;
    return {
      kind: 'reject-items',
      reject: (_, i) =>
        refused[i]
          ? {
              status: 429,
              type: 'es_rejected_execution_exception',
              reason: 'rejected execution of coordinating operation (injected)',
            }
          : undefined,
    };
  };
  return { plan, stats };
}
