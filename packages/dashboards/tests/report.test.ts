import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { BatchReferenceJobResult } from '@tripstream/trip-schema';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  dataTimeRange,
  httpSearchClient,
  NoDataError,
  renderReport,
  type RenderReportResult,
  type SearchClient,
} from '../src/index.js';
import { runCli } from '../src/cli/run-cli.js';
import { durationModel, pickups } from './helpers/expected.js';
import { closedPort } from './helpers/closed-port.js';
import { fixtureOutput, loadRecords } from './helpers/load-records.js';
import { pngStats } from './helpers/png-stats.js';

const opensearch = inject('stack').opensearch!;
const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;
const prefix = 't9-report-';

function io() {
  const out = { stdout: '', stderr: '' };
  const write = (k: 'stdout' | 'stderr') => ({ write: (s: string) => (out[k] += s) });
  return { out, io: { stdout: write('stdout'), stderr: write('stderr') } };
}

describe('report', () => {
  let output: BatchReferenceJobResult;
  let browser: Browser;
  let result: RenderReportResult;
  const searches: string[] = [];

  beforeAll(async () => {
    output = await fixtureOutput('large');
    await loadRecords(opensearch, prefix, output.records);
    await mkdir(ARTIFACTS, { recursive: true });
    // An injected client (any object with `search`), counting the searches it runs.
    const http = httpSearchClient(opensearch);
    const client: SearchClient = {
      search: (params) => {
        searches.push(params.index);
        return http.search(params);
      },
    };
    result = await renderReport({
      opensearch: client,
      indexPrefix: prefix,
      out: `${ARTIFACTS}report.html`,
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('draws the grid cells and one duration line per airport from live queries', () => {
    const cells = new Set(pickups(output.records).map((d) => d.geohash.slice(0, 6)));
    expect(result.cells).toBe(cells.size);
    expect(result.totalTrips).toBe(output.counts.kept);
    expect(result.series.map((s) => s.name)).toEqual(['JFK', 'LGA']);
    const model = durationModel(output.records);
    for (const s of result.series) {
      for (const p of s.points.filter((x) => x.avgTripDuration !== null)) {
        expect(p.avgTripDuration).toBeCloseTo(
          model.get(`${s.name}|${Date.parse(p.time)}`)!.ratio,
          9,
        );
      }
    }
    expect(new Set(searches)).toEqual(new Set([`${prefix}pickup_count`, `${prefix}trip_duration`]));
  });

  test('renders in headless Chromium: not blank, the expected series and cell count', async () => {
    const page = await browser.newPage({ viewport: { width: 1700, height: 1000 } });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) failed.push(`network: ${r.url()}`);
    });
    await page.goto(pathToFileURL(result.path).href);
    await page.waitForFunction(() => (globalThis as any).tripstreamReport?.ready === true, null, {
      timeout: 30_000,
    });
    const state = await page.evaluate(() => {
      // Runs in the page; typed loosely because this project compiles without the DOM library.
      const w = globalThis as any;
      const document = w.document;
      const option = (id: string) =>
        w.echarts.getInstanceByDom(document.getElementById(id)).getOption();
      const map = option('map');
      const duration = option('duration');
      return {
        report: w.tripstreamReport,
        mapCells: map.series[0].data.length,
        boxes: map.series.slice(1).map((s: any) => s.name),
        lines: duration.series.map((s: any) => ({
          name: s.name,
          points: s.data.filter((d: any) => d[1] !== null).length,
        })),
        topRows: document.querySelectorAll('#top tbody tr').length,
        total: document.getElementById('total').textContent,
        mapTitle: document.getElementById('map-title').textContent,
      };
    });
    expect(state.report.errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(state.report.cells).toBe(result.cells);
    expect(state.mapCells).toBe(result.cells);
    expect(state.mapTitle).toContain(`${result.cells.toLocaleString('en-US')} geohash-6 cells`);
    expect(state.boxes).toEqual(['NYC box', 'JFK box', 'LGA box']);
    const expectedLines = result.series.map((s) => ({
      name: s.name,
      points: s.points.filter((p) => p.avgTripDuration !== null).length,
    }));
    expect(state.lines).toEqual(expectedLines);
    expect(state.report.series).toEqual(expectedLines);
    expect(expectedLines.every((l) => l.points > 0)).toBe(true);
    expect(state.topRows).toBe(10);
    expect(state.total).toBe(output.counts.kept.toLocaleString('en-US'));

    const png = await page.screenshot({ fullPage: true });
    await writeFile(`${ARTIFACTS}report.png`, png);
    const stats = pngStats(png);
    expect(stats.width).toBe(1700);
    expect(stats.inked).toBeGreaterThan(0.05);
    expect(stats.colors).toBeGreaterThan(50);
    // The heat ramp covers a visible area: hundreds of cells, each several pixels.
    expect(stats.heat).toBeGreaterThan(5_000);
    await page.close();
  });

  test('a blank page fails the same checks (so they can fail)', async () => {
    const page = await browser.newPage({ viewport: { width: 1700, height: 1000 } });
    await page.setContent('<html><body><h1>Report</h1></body></html>');
    const stats = pngStats(await page.screenshot({ fullPage: true }));
    expect(stats.inked).toBeLessThan(0.05);
    expect(stats.heat).toBeLessThan(5_000);
    await page.close();
  });

  test('the CLI writes the same report, and export takes the time range from the data', async () => {
    const { out, io: cliIo } = io();
    const file = `${ARTIFACTS}report-cli.html`;
    const code = await runCli(
      ['report', '--opensearch', opensearch, '--out', file, '--index-prefix', prefix],
      cliIo,
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    expect(out.stdout).toContain(
      `${result.cells} cells, ${output.counts.kept} trips, duration lines JFK, LGA`,
    );
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/https?:\/\/[^"'\s]*\.(js|css|png)/);

    const exported = io();
    expect(
      await runCli(['export', '--opensearch', opensearch, '--index-prefix', prefix], exported.io),
    ).toBe(0);
    const dashboard = JSON.parse(exported.out.stdout.trimEnd().split('\n').at(-1)!);
    const range = await dataTimeRange(httpSearchClient(opensearch), prefix);
    expect(dashboard.attributes).toMatchObject({ timeFrom: range.from, timeTo: range.to });
  });

  test('an empty index or an unreachable OpenSearch are clear errors', async () => {
    await loadRecords(opensearch, 't9-empty-', []);
    await expect(
      renderReport({ opensearch, indexPrefix: 't9-empty-', out: `${ARTIFACTS}empty.html` }),
    ).rejects.toThrow(NoDataError);
    const { out, io: cliIo } = io();
    const port = await closedPort();
    const code = await runCli(
      ['report', '--opensearch', `http://127.0.0.1:${port}`, '--out', `${ARTIFACTS}x.html`],
      cliIo,
    );
    expect(code).toBe(1);
    expect(out.stderr).toContain(
      `cannot reach http://127.0.0.1:${port}/pickup_count/_search: ECONNREFUSED`,
    );
    const missing = io();
    expect(
      await runCli(
        [
          'report',
          '--opensearch',
          opensearch,
          '--out',
          `${ARTIFACTS}x.html`,
          '--index-prefix',
          'nope-',
        ],
        missing.io,
      ),
    ).toBe(1);
    expect(missing.out.stderr).toContain('no such index [nope-pickup_count]');
  });
});
