/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: what
 * `promtool check metrics` would refuse, it throws on.
 */
export interface Family {
  name: string;
  help?: string;
  type?: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

// As Go's strconv.ParseFloat, which Prometheus uses: Inf and NaN in any case.
function parseValue(text: string, line: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new Error(`bad value "${text}" in: ${line}`);
  return n;
}

/** Label values: only \\\\, \\" and \\n escapes; no raw newline or quote. */
function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    if (!LABEL.test(name) || name.startsWith('__'))
      throw new Error(`bad label name "${name}" in: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const next = text[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape \\${next} in: ${line}`);
      } else value += text[j];
    }
    if (j >= text.length) throw new Error(`unterminated label value in: ${line}`);
    if (name in labels) throw new Error(`duplicate label ${name} in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (i < text.length) throw new Error(`expected , after label in: ${line}`);
  }
  return labels;
}

const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count', ''],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, samples: [] }));
    return f;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!METRIC.test(name)) throw new Error(`bad metric name "${name}"`);
      const f = family(name);
      if (f.samples.length) throw new Error(`${kind} after samples of ${name}`);
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new Error(`second HELP for ${name}`);
        f.help = rest;
      } else {
        if (!TYPES.has(rest)) throw new Error(`bad TYPE "${rest}" for ${name}`);
        if (f.type !== undefined) throw new Error(`second TYPE for ${name}`);
        f.type = rest;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`unparsable sample: ${line}`);
    const [, name, labelText, valueText] = m;
    const owner = [...families.values()].find(
      (f) => f.name === name || (SUFFIXES[f.type ?? '']?.some((s) => f.name + s === name) ?? false),
    );
    if (!owner) throw new Error(`sample ${name} has no HELP/TYPE before it`);
    owner.samples.push({
      name,
      labels: parseLabels(labelText ?? '', line),
      value: parseValue(valueText, line),
    });
  }
  for (const f of families.values()) {
    if (f.help === undefined || f.type === undefined)
      throw new Error(`${f.name} lacks HELP or TYPE`);
    if (f.type === 'counter' && !f.name.endsWith('_total') && !f.name.endsWith('_seconds_total'))
      throw new Error(`counter ${f.name} should end in _total`);
    for (const s of f.samples)
      if (f.type === 'counter' && !(s.value >= 0))
        throw new Error(`counter ${s.name} is ${s.value}`);
    if (f.type === 'histogram') {
      // One histogram per label set (le aside).
      const key = (l: Record<string, string>) =>
        JSON.stringify(
          Object.entries(l)
            .filter(([k]) => k !== 'le')
            .sort(),
        );
      for (const series of new Set(f.samples.map((s) => key(s.labels)))) {
        const of = f.samples.filter((s) => key(s.labels) === series);
        const buckets = of.filter((s) => s.name.endsWith('_bucket'));
        for (let i = 1; i < buckets.length; i++)
          if (buckets[i].value < buckets[i - 1].value)
            throw new Error(`${f.name} buckets not cumulative`);
        const inf = buckets.find((b) => b.labels.le === '+Inf');
        const count = of.find((s) => s.name === `${f.name}_count`);
        if (!inf || !count || inf.value !== count.value)
          throw new Error(`${f.name}: +Inf bucket must equal _count`);
      }
    }
  }
  return families;
}
