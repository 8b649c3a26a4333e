/** Where {@link tagComponent} records which component an error came from. */
export const COMPONENT = Symbol.for('tripstream.component');

/**
 * The component (e.g. `"S3"`, `"Kinesis"`, `"OpenSearch"`) an error or any error in its `cause`
 * chain was tagged with, nearest first; `undefined` when none was.
 */
export function componentOf(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e: any = err; e && typeof e === 'object' && !seen.has(e); e = e.cause) {
    seen.add(e);
    if (typeof e[COMPONENT] === 'string') return e[COMPONENT];
    if (typeof e.component === 'string') return e.component;
  }
  return undefined;
}
