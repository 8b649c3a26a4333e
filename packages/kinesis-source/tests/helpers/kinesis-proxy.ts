import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request seen by the proxy. */
export interface ProxiedCall {
  /** The operation, e.g. `GetRecords`. */
  operation: string;
  /** The JSON request body. */
  input: Record<string, unknown>;
  /** Date.now() when it arrived. */
  at: number;
  /** Set when the proxy answered it itself. */
  injected?: string;
}

/** Decides per request: `undefined` forwards it, a string answers it with that 400 error type. */
export type Interceptor = (call: ProxiedCall, calls: readonly ProxiedCall[]) => string | undefined;

export interface KinesisProxy {
  endpoint: string;
  calls: ProxiedCall[];
  intercept: Interceptor;
  close(): Promise<void>;
}

/**
 * A tiny HTTP proxy in front of kinesalite that can answer chosen calls with a Kinesis error
 * (e.g. ProvisionedThroughputExceededException), the way the real service does: status 400 and
 * `{"__type": ..., "message": ...}`.
 */
export async function startKinesisProxy(target: string): Promise<KinesisProxy> {
  const upstream = new URL(target);
  const proxy: KinesisProxy = {
    endpoint: '',
    calls: [],
    intercept: () => undefined,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // CBOR or empty: forward as is.
      }
      const call: ProxiedCall = { operation, input, at: Date.now() };
      proxy.calls.push(call);
      const injected = proxy.intercept(call, proxy.calls);
      if (injected !== undefined) {
        call.injected = injected;
        const payload = JSON.stringify({ __type: injected, message: `injected ${injected}` });
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'content-length': Buffer.byteLength(payload),
          'x-amzn-requestid': 'proxy',
        });
        res.end(payload);
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
