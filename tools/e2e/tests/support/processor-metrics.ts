/** The processor's `/metrics` (Prometheus text) as name -> value, `tripstream_processor_` dropped. */
export async function readProcessorMetrics(endpoint: string): Promise<Record<string, number>> {
  const text = await (await fetch(endpoint)).text();
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^tripstream_processor_(\w+) (-?[\d.e+]+)$/.exec(line);
    if (m) values[m[1]] = Number(m[2]);
  }
  return values;
}
