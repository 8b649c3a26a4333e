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

const fmt = (n: number) =>
  !Number.isFinite(n)
    ? String(n)
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : n.toFixed(2);

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
    ...rows.map(
      (r) =>
        `| ${r.row} | ${r.figure} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} (${r.baselineLabel}) | ${r.ratio.toFixed(2)}x | ${r.target} | ${r.notes ?? ''} |`,
    ),
    '',
    meta.references,
    '',
  ].join('\n');
}
