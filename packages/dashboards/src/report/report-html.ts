import { readFile } from 'node:fs/promises';
import type { ReportModel } from './report-model.js';

/** The page script (plain browser JavaScript), shipped in the package's `assets` folder. */
const PAGE_SCRIPT = new URL('../../assets/report-page.js', import.meta.url);

/**
 * ECharts' own minified build (1.1 MB), shipped in `assets` so that users do not install the
 * 60 MB `echarts` package for one file; a test keeps it equal to the devDependency's copy.
 */
export const ECHARTS_SCRIPT = new URL('../../assets/echarts.min.js', import.meta.url);

/** `</script` inside inlined code would end the element early; `<\/script` means the same in JS. */
const inline = (code: string) => code.replace(/<\/(script)/gi, '<\\/$1');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The report as one HTML document: the model as JSON, ECharts' minified build and the page
 * script inline, so it opens from disk with no network.
 */
export async function reportHtml(model: ReportModel): Promise<string> {
  const [echarts, page] = await Promise.all([
    readFile(ECHARTS_SCRIPT, 'utf8'),
    readFile(PAGE_SCRIPT, 'utf8'),
  ]);
  const data = JSON.stringify(model).replace(/</g, '\\u003c');
  const title = escapeHtml(model.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1a1c21; background: #fff; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  .meta { color: #69707d; margin-bottom: 16px; }
  .grid { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
  .column { display: flex; flex-direction: column; gap: 24px; }
  .panel { border: 1px solid #d3dae6; border-radius: 6px; padding: 12px 16px; }
  .total { font-size: 44px; font-weight: 600; }
  table { border-collapse: collapse; }
  th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eef2f7; }
  th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
</style>
</head>
<body>
<h1>${title}</h1>
<div class="meta" id="meta"></div>
<div class="grid">
  <section class="panel" id="map-panel"><h2 id="map-title">Pickup hot spots</h2><div id="map"></div></section>
  <div class="column">
    <section class="panel" id="duration-panel"><h2>Average trip duration to JFK and LGA (minutes)</h2><div id="duration" style="width:640px;height:380px"></div></section>
    <section class="panel" id="total-panel"><h2>Total trips</h2><div class="total" id="total"></div></section>
    <section class="panel" id="trips-panel"><h2>Trips per window</h2><div id="trips" style="width:640px;height:240px"></div></section>
  </div>
  <section class="panel" id="top-panel"><h2>Top pickup cells</h2><table id="top"><thead><tr><th>#</th><th>Cell</th><th>Pickups</th><th>Lat</th><th>Lon</th></tr></thead><tbody></tbody></table></section>
</div>
<script type="application/json" id="report-data">${data}</script>
<script>${inline(echarts)}</script>
<script>${inline(page)}</script>
</body>
</html>
`;
}
