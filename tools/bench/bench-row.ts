/** One row of BENCHMARKS.md; every package's bench/*.bench.ts returns some. */
export interface BenchRow {
  row: string;
  figure: string;
  /** Median of the runs. */
  value: number;
  unit: string;
  /** The baseline's median, measured in the same run. */
  baseline: number;
  baselineLabel: string;
  /** value / baseline, or as the row explains (e.g. time ratio). */
  ratio: number;
  target: string;
  notes?: string;
}

export interface BenchContext {
  kinesis: string;
  s3: string;
  opensearch: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (n: number) =>
  !Number.isFinite(n)
    ? String(n)
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : n.toFixed(2);

/** One table line of BENCHMARKS.md. */
export function renderRow(r: BenchRow): string {
  return `| ${r.row} | ${r.figure} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} (${r.baselineLabel}) | ${r.ratio.toFixed(2)}x | ${r.target} | ${r.notes ?? ''} |`;
}

/**
 * BENCHMARKS.md with `rows` put in place of the rows of the same name (new ones after the last
 * row): what a partial run (`BENCH_ONLY`) writes, so the other rows keep their figures.
 */
export function mergeRows(markdown: string, rows: BenchRow[], note: string): string {
  const lines = markdown.split('\n');
  for (const r of rows) {
    const line = renderRow({ ...r, notes: r.notes ? `${r.notes}; ${note}` : note });
    const at = lines.findIndex((l) => l.startsWith(`| ${r.row} |`));
    if (at >= 0) {
      lines[at] = line;
      continue;
    }
    // After the last line of the first table (the rows follow its `|---|` line).
    let last = lines.findIndex((l) => l.startsWith('|---'));
    if (last < 0) throw new Error('BENCHMARKS.md has no table to put rows in');
    while (lines[last + 1]?.startsWith('| ')) last++;
    lines.splice(last + 1, 0, line);
  }
  return lines.join('\n');
}

export function renderMarkdown(
  rows: BenchRow[],
  meta: { command: string; machine: string; date: string; references: string },
): string {
  return [
    '# Benchmarks',
    '',
    `Produced by \`${meta.command}\` on ${meta.date}.`,
    '',
    `Machine: ${meta.machine}. Every figure is the median of several runs; each baseline is measured in the same run, so ratios are comparable even on a noisy machine.`,
    '',
    '| row | figure | ours | baseline | ratio | target | notes |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(renderRow),
    '',
    meta.references,
    '',
  ].join('\n');
}
