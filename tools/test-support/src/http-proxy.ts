import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { readBody } from './read-body.js';

/** An upstream answer, read whole. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request as the proxy holds it: already read (and gunzipped), not yet answered. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** The request body, decompressed if it came gzip-encoded. */
  readonly body: Buffer;
  /** The body as sent (maybe gzipped): what a signature covers. */
  readonly raw: Buffer;
  /** Size of the body as sent. */
  readonly bytes: number;
  /** Sends the request (or `body` in its place) upstream and reads the whole answer. */
  forward(body?: Buffer): Promise<Answer>;
  /** Answers with an upstream answer. */
  relay(answer: Answer): void;
  /** Answers with a JSON body. */
  replyJson(status: number, json: unknown, contentType?: string): void;
  /** Resets the connection without an answer, as a crashed node or a lost packet would. */
  reset(): void;
}

export interface HttpProxyOptions {
  /** The upstream endpoint, e.g. kinesalite's or OpenSearch's `http://127.0.0.1:port`. */
  target: string;
  /** Answers one request; a throw answers 500 (or resets the connection if it already answered). */
  handle(exchange: Exchange): Promise<void>;
  /** Upstream sockets kept alive. Default 16. */
  maxSockets?: number;
  /**
   * Request headers not forwarded, besides hop-by-hop ones. Default none; OpenSearch's proxy drops
   * `authorization` (a SigV4 signature no longer matches a rewritten body), while kinesalite needs
   * one to be there.
   */
  dropHeaders?: readonly string[];
}

/** The proxy's server side: where to reach it and how to take it down. */
export interface HttpProxy {
  /** `http://127.0.0.1:<port>`; the port stays the same across `down()`/`up()`. */
  readonly endpoint: string;
  /** Connections open now (what `down()` would cut). */
  readonly connections: number;
  /** Stops listening and resets every open connection, as a crashed process would. */
  down(): Promise<void>;
  /** Listens on the same port again. */
  up(): Promise<void>;
  close(): Promise<void>;
}

// Hop-by-hop headers and those the proxy invalidates by rewriting (or decompressing) bodies.
const HOP_HEADERS = [
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'accept-encoding',
];

/**
 * The one HTTP proxy of the test suites, listening on 127.0.0.1: it reads each request whole and
 * lets `handle` forward it (maybe rewritten), answer it itself, or reset the connection. The
 * Kinesis and OpenSearch fault proxies are handlers on top of it.
 */
export async function startHttpProxy(o: HttpProxyOptions): Promise<HttpProxy> {
  const target = new URL(o.target);
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 16 });
  const sockets = new Set<Socket>();
  let port = 0;
  let closed = false;
  const dropped = new Set([...HOP_HEADERS, ...(o.dropHeaders ?? [])]);

  const forward = (method: string, path: string, incoming: IncomingHttpHeaders, body: Buffer) => {
    const headers: IncomingHttpHeaders = {};
    for (const [k, v] of Object.entries(incoming)) {
      if (!dropped.has(k) && v !== undefined) headers[k] = v;
    }
    headers.host = target.host;
    headers['content-length'] = String(body.length);
    return new Promise<Answer>((resolve, reject) => {
      const out = request(
        { host: target.hostname, port: target.port, method, path, agent, headers },
        (res) => {
          readBody(res).then(
            (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  };

  const exchange = async (req: IncomingMessage, res: ServerResponse): Promise<Exchange> => {
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    return {
      req,
      res,
      method,
      path,
      body,
      raw,
      bytes: raw.length,
      forward: (b = body) => forward(method, path, req.headers, b),
      relay(answer) {
        const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.status, headers);
        res.end(answer.body);
      },
      replyJson(status, json, contentType = 'application/json') {
        const payload = Buffer.from(JSON.stringify(json));
        res.writeHead(status, {
          'content-type': contentType,
          'content-length': payload.length,
          'x-amzn-requestid': 'proxy',
        });
        res.end(payload);
      },
      reset: () => req.socket.destroy(),
    };
  };

  const create = (): Server => {
    const server = createServer((req, res) => {
      exchange(req, res)
        .then((x) => o.handle(x))
        .catch((error: unknown) => {
          if (res.headersSent || req.socket.destroyed) return void res.destroy();
          const payload = JSON.stringify({ __type: 'InternalFailure', message: String(error) });
          res.writeHead(500, { 'content-type': 'application/json' }).end(payload);
        });
    });
    server.keepAliveTimeout = 30_000;
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return server;
  };

  let server = create();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await stopped;
    server = create();
  };
  await listen();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    get connections() {
      return sockets.size;
    },
    down: stop,
    // Closed for good meanwhile (a failed test cleaned up): stay closed.
    up: () => (closed ? Promise.resolve() : listen()),
    async close() {
      closed = true;
      if (server.listening) await stop();
      agent.destroy();
    },
  };
}
