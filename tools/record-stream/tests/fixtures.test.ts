import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/_internals/format-summary.js';
import { loadRecording, summarizeRecording } from '../src/index.js';

const recorded = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/recorded/${name}`, import.meta.url));

/** Markdown tables with the padding a formatter may add taken out. */
const tables = (md: string) => md.replace(/ *\| */g, '|').replace(/\|-+/g, '|-');

// The committed recordings against fixtures/recorded/README.md: its count tables and sha256 sums.
describe('fixtures/recorded', async () => {
  const readme = await readFile(recorded('README.md'), 'utf8');

  it.each([
    ['large-4-shards', 46_449],
    ['split-mid-replay', 10_003],
  ])('%s holds every trip of its fixture and the counts the README lists', async (name, trips) => {
    const file = recorded(`${name}.json.gz`);
    const summary = summarizeRecording(await loadRecording(file));
    expect(summary.trips).toBe(trips);
    expect(summary.undecodable).toBe(0);
    expect(tables(readme)).toContain(tables(formatSummary(summary)));
    const sha = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    expect(readme).toContain(`${sha}  recorded/${name}.json.gz`);
  });
});
