/** An event time (ms) as an ISO instant; ±Infinity as the wire's '+infinity' / '-infinity'. */
export function formatEventTime(ms: number): string {
  if (Number.isFinite(ms)) return new Date(ms).toISOString();
  return ms > 0 ? '+infinity' : '-infinity';
}
