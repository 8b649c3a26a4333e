import type { IncomingMessage, ServerResponse } from 'node:http';
import { forward, readBody, reply, RestartableServer } from './http-util.js';

/** One action of a bulk body as the proxy saw it. */
export interface SeenAction {
  readonly index: string;
  readonly id: string;
  readonly source: string;
}

/** What the proxy does with one request. */
export type Fault =
  | { readonly kind: 'forward' }
  /** Answer with this status and an OpenSearch-style error body, without forwarding. */
  | { readonly kind: 'status'; readonly status: number }
  /** Read the request, then reset the connection without forwarding. */
  | { readonly kind: 'reset-before' }
  /** Forward (OpenSearch indexes it), then reset the connection instead of answering. */
  | { readonly kind: 'reset-after' }
  /** Hold the request this long, then do `then`. */
  | { readonly kind: 'delay'; readonly ms: number; readonly then: Fault }
  /**
   * Bulk only: drop the actions `reject` returns an item error for (so OpenSearch never sees
   * them), forward the rest, and merge the answers in order, as a node rejecting some items would.
   */
  | {
      readonly kind: 'reject-items';
      readonly reject: (action: SeenAction) => { status: number; type: string } | undefined;
    };

export interface SeenRequest {
  readonly n: number;
  readonly method: string;
  readonly path: string;
  readonly actions: readonly SeenAction[];
  readonly bytes: number;
}

export type Plan = (request: SeenRequest) => Fault;

/** A fault-injecting HTTP proxy in front of a real OpenSearch. */
export class FaultProxy {
  readonly requests: SeenRequest[] = [];
  plan: Plan = () => ({ kind: 'forward' });
  inFlightBulk = 0;
  maxInFlightBulk = 0;
  private readonly server: RestartableServer;

  private constructor(private readonly target: string) {
    this.server = new RestartableServer((req, res) => void this.handle(req, res));
  }

  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await proxy.server.listen();
    return proxy;
  }

  get url(): string {
    return this.server.url;
  }

  bulkRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/_bulk'));
  }

  /** Refuse connections (and reset open ones) until `up()`. */
  down(): Promise<void> {
    return this.server.down();
  }

  up(): Promise<void> {
    return this.server.up();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) return;
    const path = req.url ?? '/';
    const isBulk = path.startsWith('/_bulk');
    const seen: SeenRequest = {
      n: this.requests.length,
      method: req.method ?? 'GET',
      path,
      actions: isBulk ? parseBulk(body) : [],
      bytes: body.length,
    };
    this.requests.push(seen);
    if (isBulk) {
      this.inFlightBulk++;
      this.maxInFlightBulk = Math.max(this.maxInFlightBulk, this.inFlightBulk);
    }
    try {
      await this.apply(this.plan(seen), req, res, seen, body);
    } catch {
      res.destroy();
    } finally {
      if (isBulk) this.inFlightBulk--;
    }
  }

  private async apply(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    seen: SeenRequest,
    body: Buffer,
  ): Promise<void> {
    switch (fault.kind) {
      case 'delay':
        await new Promise((r) => setTimeout(r, fault.ms));
        return this.apply(fault.then, req, res, seen, body);
      case 'status':
        return reply(
          res,
          fault.status,
          JSON.stringify({
            error: {
              type: fault.status === 429 ? 'es_rejected_execution_exception' : 'injected_fault',
              reason: `injected ${fault.status}`,
            },
            status: fault.status,
          }),
        );
      case 'reset-before':
        req.socket.destroy();
        return;
      case 'reset-after':
        await forward(this.target, seen.method, seen.path, req.headers, body);
        req.socket.destroy();
        return;
      case 'reject-items':
        return this.rejectItems(fault, req, res, seen);
      case 'forward': {
        const up = await forward(this.target, seen.method, seen.path, req.headers, body);
        return reply(res, up.status, up.body, {
          'content-type': String(up.headers['content-type'] ?? 'application/json'),
        });
      }
    }
  }

  private async rejectItems(
    fault: Extract<Fault, { kind: 'reject-items' }>,
    req: IncomingMessage,
    res: ServerResponse,
    seen: SeenRequest,
  ): Promise<void> {
    const verdicts = seen.actions.map((a) => fault.reject(a));
    const kept = seen.actions.filter((_, i) => verdicts[i] === undefined);
    let upstreamItems: unknown[] = [];
    if (kept.length > 0) {
      const keptBody = Buffer.from(
        kept
          .map((a) => `${JSON.stringify({ index: { _index: a.index, _id: a.id } })}\n${a.source}\n`)
          .join(''),
      );
      const up = await forward(this.target, seen.method, seen.path, req.headers, keptBody);
      upstreamItems = (JSON.parse(up.body.toString()) as { items: unknown[] }).items;
    }
    let k = 0;
    let errors = false;
    const items = seen.actions.map((a, i) => {
      const v = verdicts[i];
      if (v === undefined) {
        const item = upstreamItems[k++] as { index: { error?: unknown } };
        if (item.index.error !== undefined) errors = true;
        return item;
      }
      errors = true;
      return {
        index: {
          _index: a.index,
          _id: a.id,
          status: v.status,
          error: { type: v.type, reason: `injected ${v.status}` },
        },
      };
    });
    reply(res, 200, JSON.stringify({ took: 1, errors, items }));
  }
}

function parseBulk(body: Buffer): SeenAction[] {
  const lines = body.toString().split('\n');
  const out: SeenAction[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    if (lines[i] === '') break;
    const action = JSON.parse(lines[i]) as { index: { _index: string; _id: string } };
    out.push({ index: action.index._index, id: action.index._id, source: lines[i + 1] });
  }
  return out;
}
