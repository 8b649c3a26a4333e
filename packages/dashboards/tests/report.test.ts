import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { BatchReferenceJobResult } from '@tripstream/reference-job';
import type { Browser, Page } from 'playwright-core';
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
import { launchChromium } from './helpers/launch-chromium.js';
import { decodePng, isHeat, pngStats } from './helpers/png-stats.js';

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
    browser = await launchChromium();
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
        boxes: map.series.filter((s: any) => s.name.endsWith(' box')).map((s: any) => s.name),
        boroughs: map.series
          .find((s: any) => s.name === 'Borough names')
          .data.map((d: any) => d.name),
        // The card (.panel) holding each view; each view must have its own.
        cards: ['map', 'duration', 'total', 'trips', 'top'].map((id) => {
          const card = document.getElementById(id).closest('.panel');
          return `${card.id}:${card.querySelectorAll('#map, #duration, #total, #trips, #top').length}`;
        }),
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
    expect(state.boroughs).toEqual(['Bronx', 'Brooklyn', 'Manhattan', 'Queens', 'Staten Island']);
    expect(state.report.boroughs).toBe(5);
    expect(state.cards).toEqual([
      'map-panel:1',
      'duration-panel:1',
      'total-panel:1',
      'trips-panel:1',
      'top-panel:1',
    ]);
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

  test('draws the borough outlines under the map, and the cells fall inside them', async () => {
    const page = await openReport();
    // Three pictures of the map's plot area: as drawn, without the cells, without the boroughs.
    const drawn = decodePng(await plotScreenshot(page));
    await setMapSeriesData(page, 'Pickups', []);
    const landPng = await plotScreenshot(page);
    await writeFile(`${ARTIFACTS}report-map-boroughs.png`, landPng);
    const land = decodePng(landPng);
    await setMapSeriesData(page, 'Boroughs', []);
    const water = decodePng(await plotScreenshot(page));
    await page.close();

    // The outline is drawn: its shore colour appears with the boroughs, not without them.
    const shore = (p: ReturnType<typeof decodePng>) => count(p, (r, g, b) => near(r, g, b, SHORE));
    expect(shore(land)).toBeGreaterThan(1_000);
    expect(shore(water)).toBeLessThan(50);
    // Land covers a good part of the plot, but not all of it (the harbour, the rivers, New Jersey).
    const landShare = count(land, (r, g, b) => near(r, g, b, LAND)) / (land.width * land.height);
    expect(landShare).toBeGreaterThan(0.2);
    expect(landShare).toBeLessThan(0.8);

    // The cells fall inside: almost every heat pixel of the map lies on land without the cells.
    let heat = 0;
    let onLand = 0;
    let onWaterMap = 0;
    // The same cells against the land moved a fifth of the plot east: placement matters.
    let onShiftedLand = 0;
    const shift = Math.round(land.width / 5) * land.channels;
    const rowBytes = land.width * land.channels;
    for (let i = 0; i < drawn.pixels.length; i += drawn.channels) {
      const [r, g, b] = [drawn.pixels[i], drawn.pixels[i + 1], drawn.pixels[i + 2]];
      if (!isHeat(r, g, b)) continue;
      heat++;
      if (!white(land.pixels, i)) onLand++;
      if (!white(water.pixels, i)) onWaterMap++;
      if (i % rowBytes >= shift && !white(land.pixels, i - shift)) onShiftedLand++;
    }
    await writeFile(
      `${ARTIFACTS}report-map-boroughs.json`,
      `${JSON.stringify({ shore: shore(land), landShare, heat, onLand, onWaterMap, onShiftedLand })}\n`,
    );
    expect(heat).toBeGreaterThan(5_000);
    expect(onLand / heat).toBeGreaterThan(LAND_SHARE_OF_HEAT);
    // The same check fails against the map without boroughs, and against misplaced boroughs.
    expect(onWaterMap / heat).toBeLessThan(0.1);
    expect(onShiftedLand / heat).toBeLessThan(LAND_SHARE_OF_HEAT - 0.1);
  });

  test('a blank page fails the same checks (so they can fail)', async () => {
    const page = await browser.newPage({ viewport: { width: 1700, height: 1000 } });
    await page.setContent('<html><body><h1>Report</h1></body></html>');
    const stats = pngStats(await page.screenshot({ fullPage: true }));
    expect(stats.inked).toBeLessThan(0.05);
    expect(stats.heat).toBeLessThan(5_000);
    await page.close();
  });

  async function openReport(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1700, height: 1000 } });
    await page.goto(pathToFileURL(result.path).href);
    await page.waitForFunction(() => (globalThis as any).tripstreamReport?.ready === true, null, {
      timeout: 30_000,
    });
    return page;
  }

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

/** Colours of the page script's borough layer. */
const LAND: Rgb = [0xe4, 0xe9, 0xf0];
const SHORE: Rgb = [0x4a, 0x5a, 0x70];
/**
 * Share of heat pixels that must lie on land. Not 1: the boundaries are the Census Bureau's
 * 1:10,000,000 simplification (Manhattan has a dozen points), and a few pickups are in the water.
 */
const LAND_SHARE_OF_HEAT = 0.95;

type Rgb = [number, number, number];

function near(r: number, g: number, b: number, [r0, g0, b0]: Rgb, tolerance = 24): boolean {
  return Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) <= tolerance;
}

function white(pixels: Buffer, i: number): boolean {
  return pixels[i] > 245 && pixels[i + 1] > 245 && pixels[i + 2] > 245;
}

function count(
  png: ReturnType<typeof decodePng>,
  test: (r: number, g: number, b: number) => boolean,
): number {
  let n = 0;
  for (let i = 0; i < png.pixels.length; i += png.channels) {
    if (test(png.pixels[i], png.pixels[i + 1], png.pixels[i + 2])) n++;
  }
  return n;
}

/** A screenshot of the map's plot area (inside the axes), in page pixels. */
async function plotScreenshot(page: Page): Promise<Buffer> {
  const clip = await page.evaluate(() => {
    const w = globalThis as any;
    const el = w.document.getElementById('map');
    const chart = w.echarts.getInstanceByDom(el);
    const option = chart.getOption();
    const [x0, y1] = chart.convertToPixel({ gridIndex: 0 }, [
      option.xAxis[0].min,
      option.yAxis[0].max,
    ]);
    const [x1, y0] = chart.convertToPixel({ gridIndex: 0 }, [
      option.xAxis[0].max,
      option.yAxis[0].min,
    ]);
    const box = el.getBoundingClientRect();
    // One pixel in from each axis line, which is drawn on the plot's edge.
    return {
      x: Math.ceil(box.left + w.scrollX + x0) + 2,
      y: Math.ceil(box.top + w.scrollY + y1) + 2,
      width: Math.floor(x1 - x0) - 4,
      height: Math.floor(y0 - y1) - 4,
    };
  });
  return page.screenshot({ clip, fullPage: true });
}

/** Replaces one map series' data and waits until the chart has drawn it. */
async function setMapSeriesData(page: Page, name: string, data: unknown[]): Promise<void> {
  await page.evaluate(
    async ({ name, data }) => {
      const w = globalThis as any;
      const chart = w.echarts.getInstanceByDom(w.document.getElementById('map'));
      const series = chart.getOption().series.map((s: any) => (s.name === name ? { data } : {}));
      await new Promise<void>((resolve) => {
        chart.on('finished', function once() {
          chart.off('finished', once);
          resolve();
        });
        chart.setOption({ series });
      });
    },
    { name, data },
  );
}
