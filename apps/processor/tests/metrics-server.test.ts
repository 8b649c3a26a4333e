import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventTimeLag } from '../src/event-time-lag.js';
import { startMetricsServer } from '../src/metrics-server.js';
import { ProcessorMetrics } from '../src/processor-metrics.js';
import { parsePrometheusText } from './prometheus-text.js';

const T2013 = Date.parse('2013-01-01T05:00:00Z');

function metricsOf(summary: object, now = () => Date.parse('2026-12-02T12:00:00Z')) {
  return new ProcessorMetrics({
    summary: () => summary,
    watermark: () => T2013,
    inputs: () => [
      { input: 'shardId-000000000000', watermark: T2013 },
      { input: 'shardId-000000000001', watermark: T2013 + 12_000 },
      { input: 'shard "quoted" \\ new\nline', watermark: Infinity },
    ],
    now,
  });
}

const summary = {
  mode: 'kinesis',
  records: 42,
  trips: 40,
  invalid: { outside_nyc: 2, 'odd "reason"\n': 1 },
  documentsByIndex: { pickup_count: 7, trip_duration: 1 },
  deadLettersByReason: { undecodable: 2, late: 1 },
  eventsPerSecond: 120,
  elapsedMs: 1000,
  watermark: '2013-01-01T05:00:00.000Z',
  sink: { documents: 8, retries: 3 },
  // a counter another change adds later flows through without wiring
  duplicates: 5,
};

describe('processor metrics', () => {
  it('pass a strict exposition-format check: HELP and TYPE for every sample, valid names, escaped labels', async () => {
    const m = metricsOf(summary);
    m.observeBatch(0.002);
    m.observeBatch(0.2);
    const families = parsePrometheusText(await m.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      [...families.values()]
        .flatMap((f) => f.samples)
        .find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;
    expect(families.get('tripstream_processor_records_total')?.type).toBe('counter');
    expect(value('tripstream_processor_records_total')).toBe(42);
    expect(value('tripstream_processor_duplicates_total')).toBe(5);
    expect(value('tripstream_processor_invalid_total', { reason: 'odd "reason"\n' })).toBe(1);
    expect(value('tripstream_processor_documents_by_index_total', { index: 'pickup_count' })).toBe(
      7,
    );
    expect(value('tripstream_processor_dead_letters_by_reason_total', { reason: 'late' })).toBe(1);
    expect(value('tripstream_processor_sink_retries_total')).toBe(3);
    expect(families.get('tripstream_processor_events_per_second')?.type).toBe('gauge');
    expect(families.get('tripstream_processor_batch_seconds')?.type).toBe('histogram');
    expect(value('tripstream_processor_batch_seconds_count')).toBe(2);
    expect(
      value('tripstream_processor_shard_watermark_seconds', { shard: 'shardId-000000000001' }),
    ).toBe((T2013 + 12_000) / 1000);
    expect(
      value('tripstream_processor_shard_watermark_seconds', {
        shard: 'shard "quoted" \\ new\nline',
      }),
    ).toBe(Infinity);
    // historic data: the lag is against the newest shard (12 s), not 13 years
    expect(value('tripstream_processor_event_time_lag_seconds')).toBe(12);
    expect(value('tripstream_processor_historic_data')).toBe(1);
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(families.has('nodejs_heap_size_total_bytes')).toBe(true);
  });

  it('the reader agrees with prom-client on its own registry and refuses what promtool refuses', async () => {
    const registry = new Registry();
    new Counter({ name: 'x_total', help: 'x', labelNames: ['l'], registers: [registry] }).inc(
      { l: 'a"b\\c\nd' },
      2,
    );
    const families = parsePrometheusText(await registry.metrics());
    expect(families.get('x_total')?.samples[0]).toEqual({
      name: 'x_total',
      labels: { l: 'a"b\\c\nd' },
      value: 2,
    });
    expect(() => parsePrometheusText('x 1\n')).toThrow(/no HELP\/TYPE/);
    expect(() => parsePrometheusText('# HELP x x\n# TYPE x gauge\nx{l="a"b"} 1\n')).toThrow();
    expect(() => parsePrometheusText('# HELP x x\n# TYPE x gauge\nx{l="\\t"} 1\n')).toThrow(
      /bad escape/,
    );
    expect(() => parsePrometheusText('# HELP x x\n# TYPE x counter\nx 1\n')).toThrow(/_total/);
  });

  it('live data: lag against the wall clock', () => {
    expect(eventTimeLag(1_000_000, [1_000_000], 1_005_000)).toEqual({
      lagMs: 5_000,
      historic: false,
    });
    expect(eventTimeLag(Infinity, [], 0)).toEqual({ lagMs: 0, historic: false });
  });

  it('serves /metrics and /health on the given host', async () => {
    let healthy = true;
    const m = metricsOf(summary);
    const server = await startMetricsServer({
      port: 0,
      host: '127.0.0.1',
      metrics: async () => ({ text: await m.text(), contentType: m.contentType }),
      health: () => ({ healthy, status: { watermark: '2013-01-01T01:00:00.000Z' } }),
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
      parsePrometheusText(await res.text());
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ healthy: true, watermark: '2013-01-01T01:00:00.000Z' });
      healthy = false;
      expect((await fetch(`${base}/health`)).status).toBe(503);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
