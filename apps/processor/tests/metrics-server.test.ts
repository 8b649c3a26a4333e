import { describe, expect, it } from 'vitest';
import { startMetricsServer, toPrometheus } from '../src/metrics-server.js';

describe('metrics server', () => {
  it('serves Prometheus text on /metrics and health on /health, on 127.0.0.1', async () => {
    let healthy = true;
    const server = await startMetricsServer(0, () => ({
      healthy,
      status: { watermark: '2013-01-01T01:00:00.000Z' },
      metrics: { records_total: 42, documents_by_index: { pickup_count: 7, trip_duration: 1 } },
    }));
    try {
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(metrics).toContain('tripstream_processor_records_total 42');
      expect(metrics).toContain('tripstream_processor_documents_by_index{key="pickup_count"} 7');
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ healthy: true, watermark: '2013-01-01T01:00:00.000Z' });
      healthy = false;
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(503);
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('escapes label values', () => {
    expect(toPrometheus({ x: { 'a"b': 1 } })).toContain('tripstream_processor_x{key="a\\"b"} 1');
  });
});
