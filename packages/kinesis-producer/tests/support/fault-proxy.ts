import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to calls on their way to kinesalite. Rejected entries and calls are never
 * forwarded: like real Kinesis, a failed entry is not written.
 */
export interface FaultPlan {
  /** Share of PutRecords entries answered `ProvisionedThroughputExceededException`. */
  entryThrottleRate?: number;
  /** Share of PutRecords entries answered `InternalFailure`. */
  entryInternalFailureRate?: number;
  /** Share of PutRecords calls answered HTTP 500 `InternalFailure`. */
  callErrorRate?: number;
  /** Share of PutRecords calls answered HTTP 400 `ProvisionedThroughputExceededException`. */
  callThrottleRate?: number;
  /** Share of PutRecords calls forwarded and then left without an answer (socket destroyed). */
  lostAnswerRate?: number;
  /** Entries for which this is true always fail with `ProvisionedThroughputExceededException`. */
  alwaysThrottle?: (entry: { PartitionKey: string; Data: string }) => boolean;
  /** Every call of these targets (e.g. `PutRecords`) is answered with this error. */
  failTargets?: Record<string, { status: number; type: string; message: string }>;
  /** PutRecords calls wait for this before being forwarded. */
  gate?: Promise<void>;
  /** Serve ListShards in pages of this many shards (kinesalite does not paginate). */
  listShardsPageSize?: number;
}

export interface PutRecordsLogEntry {
  /** Date.now() when kinesalite answered. */
  timeMs: number;
  /** Written entries per shard. */
  shards: Record<string, number>;
}

export interface FaultProxy {
  endpoint: string;
  plan: FaultPlan;
  stats: {
    calls: Record<string, number>;
    throttledEntries: number;
    internalFailureEntries: number;
    failedCalls: number;
    throttledCalls: number;
    lostAnswers: number;
    /** Entries written in calls whose answer was lost. */
    lostAnswerEntries: number;
    listShardsPages: number;
  };
  /** Every forwarded PutRecords call. */
  putLog: PutRecordsLogEntry[];
  close(): Promise<void>;
}

/** A seeded uniform generator (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(
  target: string,
  plan: FaultPlan = {},
  seed = 42,
): Promise<FaultProxy> {
  const random = seededRandom(seed);
  const targetUrl = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    endpoint: '',
    plan,
    stats: {
      calls: {},
      throttledEntries: 0,
      internalFailureEntries: 0,
      failedCalls: 0,
      throttledCalls: 0,
      lostAnswers: 0,
      lostAnswerEntries: 0,
      listShardsPages: 0,
    },
    putLog: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const out = request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (typeof v === 'string') h[k] = v;
            }
            resolve({ status: res.statusCode ?? 500, headers: h, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const reply = (res: ServerResponse, status: number, json: unknown, headers = {}) => {
    const body = Buffer.from(JSON.stringify(json));
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(body.length),
      'x-amzn-requestid': 'proxy',
    });
    res.end(body);
  };

  const replyError = (res: ServerResponse, status: number, type: string, message: string) =>
    reply(res, status, { __type: type, message });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const target = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    proxy.stats.calls[target] = (proxy.stats.calls[target] ?? 0) + 1;
    const p = proxy.plan;
    const forced = p.failTargets?.[target];
    if (forced) {
      proxy.stats.failedCalls++;
      return replyError(res, forced.status, forced.type, forced.message);
    }
    if (target === 'ListShards' && p.listShardsPageSize !== undefined) {
      return listShardsPaged(req, res, body, p.listShardsPageSize);
    }
    if (target !== 'PutRecords') {
      const out = await forward(req, body);
      res.writeHead(out.status, out.headers);
      return res.end(out.body);
    }

    if (p.gate) await p.gate;
    if (random() < (p.callErrorRate ?? 0)) {
      proxy.stats.failedCalls++;
      return replyError(res, 500, 'InternalFailure', 'injected 500');
    }
    if (random() < (p.callThrottleRate ?? 0)) {
      proxy.stats.throttledCalls++;
      return replyError(res, 400, 'ProvisionedThroughputExceededException', 'injected throttle');
    }
    const input = JSON.parse(body.toString('utf8')) as {
      Records: { PartitionKey: string; Data: string; ExplicitHashKey?: string }[];
    };
    const verdicts = input.Records.map((entry) => {
      if (p.alwaysThrottle?.(entry)) return 'throttle';
      const r = random();
      if (r < (p.entryThrottleRate ?? 0)) return 'throttle';
      if (r < (p.entryThrottleRate ?? 0) + (p.entryInternalFailureRate ?? 0)) return 'internal';
      return 'ok';
    });
    const forwardIdx = verdicts.flatMap((v, i) => (v === 'ok' ? [i] : []));
    let written: { ShardId: string; SequenceNumber: string }[] = [];
    const lose = random() < (p.lostAnswerRate ?? 0);
    if (forwardIdx.length > 0) {
      const out = await forward(
        req,
        Buffer.from(JSON.stringify({ ...input, Records: forwardIdx.map((i) => input.Records[i]) })),
      );
      if (out.status !== 200) {
        res.writeHead(out.status, out.headers);
        return res.end(out.body);
      }
      written = (JSON.parse(out.body.toString('utf8')) as { Records: typeof written }).Records;
      const shards: Record<string, number> = {};
      for (const w of written) shards[w.ShardId] = (shards[w.ShardId] ?? 0) + 1;
      proxy.putLog.push({ timeMs: Date.now(), shards });
    }
    if (lose) {
      proxy.stats.lostAnswers++;
      proxy.stats.lostAnswerEntries += forwardIdx.length;
      req.socket.destroy();
      return;
    }
    let failed = 0;
    const records = verdicts.map((v, i) => {
      if (v === 'ok') return written[forwardIdx.indexOf(i)];
      failed++;
      if (v === 'throttle') {
        proxy.stats.throttledEntries++;
        return {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: 'Rate exceeded for shard (injected)',
        };
      }
      proxy.stats.internalFailureEntries++;
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure (injected)' };
    });
    reply(res, 200, { FailedRecordCount: failed, Records: records });
  };

  const listShardsPaged = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    pageSize: number,
  ) => {
    proxy.stats.listShardsPages++;
    const input = JSON.parse(body.toString('utf8')) as { StreamName?: string; NextToken?: string };
    let streamName = input.StreamName;
    let offset = 0;
    if (input.NextToken !== undefined) {
      const [name, at] = Buffer.from(input.NextToken, 'base64url').toString('utf8').split('\n');
      streamName = name;
      offset = Number(at);
    }
    const out = await forward(req, Buffer.from(JSON.stringify({ StreamName: streamName })));
    if (out.status !== 200) {
      res.writeHead(out.status, out.headers);
      return res.end(out.body);
    }
    const all = (JSON.parse(out.body.toString('utf8')) as { Shards: unknown[] }).Shards;
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize;
    reply(res, 200, {
      Shards: page,
      ...(next < all.length && {
        NextToken: Buffer.from(`${streamName}\n${next}`).toString('base64url'),
      }),
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) replyError(res, 500, 'InternalFailure', String(error));
        else res.destroy();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
