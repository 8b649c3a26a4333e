import { createServer, type Server } from 'node:http';

export interface MetricsServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Address to listen on. Default 127.0.0.1; 0.0.0.0 for a scraper outside the host/container. */
  host?: string;
  /** The exposition text and its content type, produced at scrape time. */
  metrics: () => Promise<{ text: string; contentType: string }>;
  /** `/health`: 200 when healthy, else 503, with `status` as JSON. */
  health: () => { healthy: boolean; status: object };
}

/** Serves `GET /metrics` (Prometheus text format) and `GET /health`. */
export async function startMetricsServer(
  options: MetricsServerOptions,
): Promise<{ port: number; host: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      options.metrics().then(
        ({ text, contentType }) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`metrics failed: ${(err as Error).message}\n`);
        },
      );
    } else if (path === '/health') {
      const { healthy, status } = options.health();
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ healthy, ...status }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    host,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
