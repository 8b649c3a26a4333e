import { createServer, type Server } from 'node:http';

export type MetricValues = Record<string, number | Record<string, number>>;

/**
 * Serves `GET /metrics` (Prometheus text format) and `GET /health` on 127.0.0.1. Values come
 * from `read()` at scrape time; a nested record becomes one labelled series per entry.
 */
export async function startMetricsServer(
  port: number,
  read: () => { metrics: MetricValues; healthy: boolean; status: unknown },
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const { metrics, healthy, status } = read();
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(toPrometheus(metrics));
    } else if (req.url === '/health') {
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ healthy, ...(status as object) }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function toPrometheus(metrics: MetricValues): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(metrics)) {
    const metric = `tripstream_processor_${name}`;
    lines.push(`# TYPE ${metric} gauge`);
    if (typeof value === 'number') lines.push(`${metric} ${value}`);
    else
      for (const [label, v] of Object.entries(value))
        lines.push(`${metric}{key="${label.replace(/"/g, '\\"')}"} ${v}`);
  }
  return `${lines.join('\n')}\n`;
}
