/**
 * Evaluates a TSVB `math` script over one bucket: `+ - * /`, parentheses, numbers and
 * `params.<name>` variables, the subset of tinymath the tripstream objects use. Like TSVB, a
 * result that is not a finite number (a window without trips divides by zero) is `null`.
 *
 * @throws SyntaxError for anything outside the subset, or an unknown variable.
 */
export function evaluateMath(
  script: string,
  params: Readonly<Record<string, number>>,
): number | null {
  const tokens = script.match(/\s*(params\.[A-Za-z_]\w*|\d+(?:\.\d+)?|[-+*/()]|\S)/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos]?.trim();
  const next = () => tokens[pos++]?.trim();
  const primary = (): number => {
    const t = next();
    if (t === undefined) throw new SyntaxError(`math: unexpected end of ${JSON.stringify(script)}`);
    if (t === '(') {
      const v = sum();
      if (next() !== ')') throw new SyntaxError(`math: missing ) in ${JSON.stringify(script)}`);
      return v;
    }
    if (t === '-') return -primary();
    if (/^\d/.test(t)) return Number(t);
    if (t.startsWith('params.')) {
      const name = t.slice('params.'.length);
      if (!(name in params)) throw new SyntaxError(`math: unknown variable ${name}`);
      return params[name];
    }
    throw new SyntaxError(`math: unexpected ${JSON.stringify(t)} in ${JSON.stringify(script)}`);
  };
  const product = (): number => {
    let v = primary();
    while (peek() === '*' || peek() === '/') v = next() === '*' ? v * primary() : v / primary();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + product() : v - product();
    return v;
  };
  const value = sum();
  if (pos !== tokens.length) {
    throw new SyntaxError(
      `math: unexpected ${JSON.stringify(peek())} in ${JSON.stringify(script)}`,
    );
  }
  return Number.isFinite(value) ? value : null;
}
