import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject, it } from 'vitest';
import { mergeRows, renderMarkdown, type BenchContext, type BenchRow } from './bench-row.js';

const root = new URL('../..', import.meta.url).pathname;
const stack = inject('stack') as BenchContext;
const rows: BenchRow[] = [];
const only = process.env.BENCH_ONLY?.split(',');

// Every {packages,apps,tools}/*/bench/*.bench.ts, in a fixed order: cheap CPU rows first.
const order = [
  'trip-schema',
  'rx-event-time',
  'debs2015',
  'kinesis-producer',
  'kinesis-source',
  'opensearch-sink',
  'e2e',
];
const files = ['packages', 'apps', 'tools']
  .flatMap((top) =>
    readdirSync(join(root, top)).flatMap((pkg) => {
      const dir = join(root, top, pkg, 'bench');
      return existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.bench.ts'))
            .map((f) => ({ pkg, file: join(dir, f) }))
        : [];
    }),
  )
  // BENCH_ONLY=trip-schema,processor/file-mode: whole packages, or one bench file of a package.
  .filter(
    (b) =>
      !only ||
      only.includes(b.pkg) ||
      only.includes(
        `${b.pkg}/${b.file
          .split('/')
          .pop()!
          .replace(/\.bench\.ts$/, '')}`,
      ),
  )
  .sort(
    (a, b) =>
      ((order.indexOf(a.pkg) + 100) % 100) - ((order.indexOf(b.pkg) + 100) % 100) ||
      a.file.localeCompare(b.file),
  );

for (const { pkg, file } of files) {
  it(`${pkg}: ${file.split('/').pop()}`, async () => {
    const mod = (await import(file)) as { run(ctx: BenchContext): Promise<BenchRow[]> };
    const got = await mod.run(stack);
    for (const r of got)
      console.log(
        `${r.row}: ${r.figure} ${r.value.toFixed(1)} ${r.unit} vs ${r.baseline.toFixed(1)} (${r.baselineLabel}) = ${r.ratio.toFixed(2)}x`,
      );
    rows.push(...got);
  });
}

afterAll(() => {
  const file = join(root, 'BENCHMARKS.md');
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${process.platform}-${process.arch}`;
  const references = [
    '## Reference figures',
    '',
    '- The AWS reference producer (Java, KPL) published about 13,000 events/s and 6 MB/s at speedup 3600 into 8 shards, and "up to 25k events/s".',
    '- A real Kinesis shard takes 1,000 records/s and 1 MiB/s of writes, and serves 5 GetRecords calls/s and 2 MiB/s of reads; so 8 shards cap writes at 8,000 records/s and the 13k events/s figure relies on KPL aggregation.',
    '- kinesalite is one Node process on this machine; it, not the producer, is the ceiling of the Kinesis rows.',
    '- DEBS 2015 Grand Challenge (frequent routes, profitable cells on the 2013 NYC taxi trips): Antonić et al. published about 350,000 events/s with sub-millisecond latency on a distributed system; Suriarachchi and Pallickara processed 173M trips in about 5 minutes (about 577,000 events/s).',
  ].join('\n');
  if (only) {
    // A partial run updates its own rows and leaves the others as they were.
    if (!existsSync(file) || rows.length === 0) return;
    const note = `measured by \`BENCH_ONLY=${only.join(',')} npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${machine}`;
    writeFileSync(file, mergeRows(readFileSync(file, 'utf8'), rows, note));
    return;
  }
  // The install-size section is written by `npm run bench:install` (the release check): keep it.
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const installSizes = /<!-- install-sizes:start -->[\s\S]*<!-- install-sizes:end -->/.exec(
    previous,
  );
  writeFileSync(
    file,
    renderMarkdown(rows, {
      command: 'npm run bench',
      machine,
      date: new Date().toISOString().slice(0, 10),
      references,
    }) + (installSizes ? `\n${installSizes[0]}\n` : ''),
  );
});
