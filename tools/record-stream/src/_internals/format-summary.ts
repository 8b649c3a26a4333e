import type { RecordingSummary } from '../summarize-recording.js';

/** @internal A recording's counts as a Markdown table, one row per shard and a total row. */
export function formatSummary(summary: RecordingSummary): string {
  const rows = [
    '| shard | parents | state | records | trips | watermarks | ends with +infinity |',
    '|---|---|---|---|---|---|---|',
    ...summary.shards.map(
      (s) =>
        `| \`${s.shardId}\` | ${s.parents.map((p) => `\`${p}\``).join(', ') || '-'} | ` +
        `${s.closed ? 'closed' : 'open'} | ${s.records} | ${s.trips} | ${s.watermarks} | ` +
        `${s.endOfStream ? 'yes' : 'no'} |`,
    ),
    `| total | | | ${summary.records} | ${summary.trips} | ${summary.watermarks} | |`,
  ];
  if (summary.undecodable > 0) rows.push('', `${summary.undecodable} records are not wire events.`);
  return rows.join('\n');
}
