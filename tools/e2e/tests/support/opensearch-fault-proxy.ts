import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { forwardRequest, relay, replyJson } from './forward-request.js';
import { readBody } from './http-body.js';

/** Faults on `_bulk` requests; each share is a probability per request (or per item). */
export interface OpenSearchFaultOptions {
  /** OpenSearch's endpoint. */
  target: string;
  random: () => number;
  /** Bulk requests answered 429 whole, unforwarded. Default 0. */
  tooManyShare?: number;
  /** Bulk requests answered 503 whole, unforwarded. Default 0. */
  unavailableShare?: number;
  /** Bulk requests of which some items are refused with a per-item 429. Default 0. */
  partialShare?: number;
  /** In such a request, the share of items refused. Default 0.3. */
  partialItemShare?: number;
  /** Faults for the first `_bulk` requests, before the random ones (every kind in every run). */
  script?: BulkFault[];
}

export type BulkFault = 'too-many' | 'unavailable' | 'partial' | 'none';

export interface OpenSearchFaultStats {
  bulkRequests: number;
  tooMany: number;
  unavailable: number;
  partialRequests: number;
  itemsRefused: number;
  /** Open connections cut when it went down (new ones are refused by the closed port). */
  connectionsCut: number;
  outages: number;
}

export interface OpenSearchFaultProxy {
  endpoint: string;
  stats: OpenSearchFaultStats;
  /** Resolves after the first `_bulk` request was forwarded (the sink is writing). */
  firstBulk: Promise<void>;
  /**
   * OpenSearch "goes down" for `ms`: open connections are cut and the port refuses connections
   * (the listener is closed), then it listens on the same port again. Resolves when it is back.
   */
  down(ms: number): Promise<void>;
  close(): Promise<void>;
}

const REJECTED_ITEM = {
  status: 429,
  error: {
    type: 'es_rejected_execution_exception',
    reason: 'rejected execution of coordinating operation (injected by the e2e proxy)',
  },
};

/** The actions of an NDJSON bulk body, each with its source line if it has one. */
function bulkActions(body: string): { lines: string[]; action: string }[] {
  const lines = body.split('\n').filter((l) => l.length > 0);
  const actions: { lines: string[]; action: string }[] = [];
  for (let i = 0; i < lines.length;) {
    const action = Object.keys(JSON.parse(lines[i]) as object)[0];
    const size = action === 'delete' ? 1 : 2;
    actions.push({ action, lines: lines.slice(i, i + size) });
    i += size;
  }
  return actions;
}

/**
 * An HTTP proxy in front of OpenSearch that rejects `_bulk` requests the way a cluster under
 * pressure does: whole requests 429 or 503, or a 200 whose `items` refuse some documents with
 * `es_rejected_execution_exception`. Refused items are really not indexed: only the others are
 * forwarded, and the refusals are spliced back into OpenSearch's answer at their positions.
 * Every other request (templates, mappings) passes through untouched.
 */
export async function startOpenSearchFaultProxy(
  o: OpenSearchFaultOptions,
): Promise<OpenSearchFaultProxy> {
  const target = new URL(o.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const stats: OpenSearchFaultStats = {
    bulkRequests: 0,
    tooMany: 0,
    unavailable: 0,
    partialRequests: 0,
    itemsRefused: 0,
    connectionsCut: 0,
    outages: 0,
  };
  let sawBulk: () => void = () => {};
  const firstBulk = new Promise<void>((resolve) => (sawBulk = resolve));

  const drawFault = (): BulkFault => {
    const draw = o.random();
    const tooMany = o.tooManyShare ?? 0;
    const unavailable = o.unavailableShare ?? 0;
    if (draw < tooMany) return 'too-many';
    if (draw < tooMany + unavailable) return 'unavailable';
    return o.random() < (o.partialShare ?? 0) ? 'partial' : 'none';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const gzipped = req.headers['content-encoding'] === 'gzip';
    const headers = { ...req.headers };
    delete headers['content-encoding'];
    const body = gzipped ? gunzipSync(raw) : raw;
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = req.method ?? 'GET';
    const path = `${url.pathname}${url.search}`;
    if (method !== 'POST' || !url.pathname.endsWith('/_bulk')) {
      return relay(res, await forwardRequest(agent, target, method, path, headers, body));
    }
    stats.bulkRequests++;
    const fault = o.script?.[stats.bulkRequests - 1] ?? drawFault();
    if (fault === 'too-many') {
      stats.tooMany++;
      return replyJson(res, 429, {
        error: { type: 'es_rejected_execution_exception', reason: 'injected by the e2e proxy' },
        status: 429,
      });
    }
    if (fault === 'unavailable') {
      stats.unavailable++;
      return replyJson(res, 503, {
        error: { type: 'cluster_block_exception', reason: 'injected by the e2e proxy' },
        status: 503,
      });
    }
    if (fault === 'none') {
      const answer = await forwardRequest(agent, target, method, path, headers, body);
      sawBulk();
      return relay(res, answer);
    }
    const actions = bulkActions(body.toString('utf8'));
    const refused = actions.map(() => o.random() < (o.partialItemShare ?? 0.3));
    if (actions.length > 1 && !refused.some(Boolean)) refused[0] = true;
    const kept = actions.filter((_, i) => !refused[i]);
    let upstream: { errors?: boolean; items?: unknown[] } = { errors: false, items: [] };
    if (kept.length > 0) {
      const answer = await forwardRequest(
        agent,
        target,
        method,
        path,
        headers,
        Buffer.from(`${kept.flatMap((a) => a.lines).join('\n')}\n`),
      );
      sawBulk();
      if (answer.status !== 200) return relay(res, answer);
      upstream = JSON.parse(answer.body.toString('utf8'));
    }
    stats.partialRequests++;
    stats.itemsRefused += actions.length - kept.length;
    let next = 0;
    const items = actions.map((a, i) =>
      refused[i] ? { [a.action]: REJECTED_ITEM } : (upstream.items ?? [])[next++],
    );
    replyJson(res, 200, {
      errors: Boolean(upstream.errors) || refused.some(Boolean),
      items,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  let closed = false;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    firstBulk,
    async down(ms) {
      stats.outages++;
      stats.connectionsCut += sockets.size;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
      await new Promise((r) => setTimeout(r, ms));
      // Closed for good meanwhile (the test failed and cleaned up): stay closed.
      if (closed) return;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    async close() {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
