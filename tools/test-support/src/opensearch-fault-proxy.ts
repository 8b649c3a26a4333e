import { startHttpProxy, type Exchange } from './http-proxy.js';

/** One action of a bulk body as the proxy saw it. */
export interface SeenAction {
  /** `index`, `create`, `update` or `delete`. */
  readonly action: string;
  readonly index: string;
  readonly id: string;
  /** The document line (empty for `delete`). */
  readonly source: string;
  /** The NDJSON lines of this action, as sent. */
  readonly lines: readonly string[];
}

export interface SeenRequest {
  /** 0 for the first request the proxy saw. */
  readonly n: number;
  readonly method: string;
  readonly path: string;
  /** The bulk actions (none for other requests). */
  readonly actions: readonly SeenAction[];
  /** Body size as sent (before decompression). */
  readonly bytes: number;
}

/** What the proxy does with one request. */
export type OpenSearchFault =
  | { readonly kind: 'forward' }
  /** Answer with this status and an OpenSearch-style error of `type`, without forwarding. */
  | { readonly kind: 'status'; readonly status: number; readonly type?: string }
  /** Read the request, then reset the connection without forwarding. */
  | { readonly kind: 'reset-before' }
  /** Forward (OpenSearch indexes it), then reset the connection instead of answering. */
  | { readonly kind: 'reset-after' }
  /** Hold the request this long (real ms), then do `then`. */
  | { readonly kind: 'delay'; readonly ms: number; readonly then: OpenSearchFault }
  /**
   * Bulk only: drop the actions `reject` returns an item error for (so OpenSearch never sees
   * them), forward the rest, and merge the answers in order, as a node rejecting some items would.
   */
  | {
      readonly kind: 'reject-items';
      readonly reject: (
        action: SeenAction,
        index: number,
      ) => { status: number; type: string; reason?: string } | undefined;
    };

export type OpenSearchPlan = (request: SeenRequest) => OpenSearchFault | Promise<OpenSearchFault>;

export interface OpenSearchFaultProxy {
  readonly endpoint: string;
  /** Replaceable at any time; the default forwards everything. */
  plan: OpenSearchPlan;
  /** Every request, in arrival order (clear with `requests.length = 0`). */
  readonly requests: SeenRequest[];
  bulkRequests(): SeenRequest[];
  /** Bulk requests being handled now, and the most at once. */
  readonly inFlightBulk: number;
  maxInFlightBulk: number;
  /** Resolves once a `_bulk` request was forwarded (the sink is writing). */
  readonly firstBulk: Promise<void>;
  /** Connections cut by `down()` so far (new ones are refused by the closed port meanwhile). */
  readonly connectionsCut: number;
  /** Refuse connections (and reset open ones) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const isBulk = (path: string) => new URL(path, 'http://proxy').pathname.endsWith('/_bulk');

/** The actions of an NDJSON bulk body; `delete` has no document line. */
function parseBulk(body: string): SeenAction[] {
  const lines = body.split('\n').filter((l) => l.length > 0);
  const out: SeenAction[] = [];
  for (let i = 0; i < lines.length;) {
    const meta = JSON.parse(lines[i]) as Record<string, { _index?: string; _id?: string }>;
    const action = Object.keys(meta)[0];
    const size = action === 'delete' ? 1 : 2;
    out.push({
      action,
      index: meta[action]._index ?? '',
      id: meta[action]._id ?? '',
      source: size === 2 ? (lines[i + 1] ?? '') : '',
      lines: lines.slice(i, i + size),
    });
    i += size;
  }
  return out;
}

/** A fault-injecting proxy in front of a real OpenSearch, doing per request what `plan` says. */
export async function startOpenSearchFaultProxy(
  target: string,
  plan: OpenSearchPlan = () => ({ kind: 'forward' }),
): Promise<OpenSearchFaultProxy> {
  let inFlightBulk = 0;
  let connectionsCut = 0;
  let sawBulk: () => void = () => {};
  const firstBulk = new Promise<void>((resolve) => (sawBulk = resolve));

  const handle = async (x: Exchange) => {
    const bulk = isBulk(x.path);
    const seen: SeenRequest = {
      n: proxy.requests.length,
      method: x.method,
      path: x.path,
      actions: bulk && x.method !== 'GET' ? parseBulk(x.body.toString('utf8')) : [],
      bytes: x.bytes,
    };
    proxy.requests.push(seen);
    if (bulk) proxy.maxInFlightBulk = Math.max(proxy.maxInFlightBulk, ++inFlightBulk);
    try {
      await apply(await proxy.plan(seen), x, seen);
    } finally {
      if (bulk) inFlightBulk--;
    }
  };

  const forward = async (x: Exchange, body?: Buffer) => {
    const answer = await x.forward(body);
    if (isBulk(x.path)) sawBulk();
    return answer;
  };

  const apply = async (fault: OpenSearchFault, x: Exchange, seen: SeenRequest): Promise<void> => {
    switch (fault.kind) {
      case 'forward':
        return x.relay(await forward(x));
      case 'delay':
        await new Promise((r) => setTimeout(r, fault.ms));
        return apply(fault.then, x, seen);
      case 'status': {
        const type =
          fault.type ??
          (fault.status === 429 ? 'es_rejected_execution_exception' : 'injected_fault');
        const error = { type, reason: `injected ${fault.status}` };
        return x.replyJson(fault.status, { error, status: fault.status });
      }
      case 'reset-before':
        return x.reset();
      case 'reset-after':
        await forward(x);
        return x.reset();
      case 'reject-items':
        return rejectItems(fault, x, seen);
    }
  };

  const rejectItems = async (
    fault: Extract<OpenSearchFault, { kind: 'reject-items' }>,
    x: Exchange,
    seen: SeenRequest,
  ) => {
    const verdicts = seen.actions.map((a, i) => fault.reject(a, i));
    const kept = seen.actions.filter((_, i) => verdicts[i] === undefined);
    let upstream: { errors?: boolean; items?: unknown[] } = { errors: false, items: [] };
    if (kept.length > 0) {
      const answer = await forward(x, Buffer.from(`${kept.flatMap((a) => a.lines).join('\n')}\n`));
      if (answer.status !== 200) return x.relay(answer);
      upstream = JSON.parse(answer.body.toString('utf8')) as typeof upstream;
    }
    let next = 0;
    const items = seen.actions.map((a, i) => {
      const v = verdicts[i];
      if (v === undefined) return (upstream.items ?? [])[next++];
      const reason = v.reason ?? `injected ${v.status}`;
      return {
        [a.action]: {
          _index: a.index,
          _id: a.id,
          status: v.status,
          error: { type: v.type, reason },
        },
      };
    });
    const errors = Boolean(upstream.errors) || verdicts.some((v) => v !== undefined);
    x.replyJson(200, { took: 1, errors, items });
  };

  const server = await startHttpProxy({ target, handle, dropHeaders: ['authorization'] });
  const proxy: OpenSearchFaultProxy = {
    endpoint: server.endpoint,
    plan,
    requests: [],
    bulkRequests: () => proxy.requests.filter((r) => isBulk(r.path)),
    get inFlightBulk() {
      return inFlightBulk;
    },
    maxInFlightBulk: 0,
    firstBulk,
    get connectionsCut() {
      return connectionsCut;
    },
    down() {
      connectionsCut += server.connections;
      return server.down();
    },
    up: () => server.up(),
    close: () => server.close(),
  };
  return proxy;
}
