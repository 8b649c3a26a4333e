import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { convertTlc, type ConvertTlcOptions } from '../tlc/convert-tlc.js';
import type { TlcConversionReport } from '../tlc/tlc-conversion-report.js';
import { TLC_LAYOUTS, type TlcLayout } from '../tlc/tlc-layout.js';
import { END_OF_STREAM_WATERMARK } from '../wire/end-of-stream-watermark.js';
import { encode } from '../wire/encode.js';

/** Where the CLI writes; injected so tests need no subprocess. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

export const TLC_TO_WIRE_HELP = `Usage: tlc-to-wire [options] <input...>

Converts raw NYC TLC trip files (plain or gzip, detected by magic bytes) into tripstream wire
JSON lines, sorted by dropoff time, with trip_ids 1, 2, ... in that order.

Layouts, detected per file from its first line: yellow-2009 (Trip_Pickup_DateTime, Start_Lon,
...), yellow-2010 (2010-2014 and FOIL trip_data: pickup_datetime, ...), yellow-2015 (2015 to
June 2016: tpep_pickup_datetime, ...), green (lpep_pickup_datetime, ...), debs-2015 (no header,
17 columns) and flink-rides (no header; a trip is its END event). Optional columns are kept
when the layout has them: medallion and hack_license (flink-rides: taxi id and driver id),
trip_time_in_secs, passenger_count, trip_distance, the fare columns, vendor and payment type.

Options:
  -o, --output <file>          write here instead of stdout; a name ending in .gz is gzipped
      --source-timezone <zone> IANA zone of the raw wall-clock times (default: America/New_York)
      --layout <name>          skip detection and read every input as this layout
      --dropoff-from <ISO>     keep trips dropping off at or after this instant (default: all)
      --dropoff-to <ISO>       keep trips dropping off before this instant (default: all)
      --limit <n>              then keep only the first n trips in dropoff order (default: all)
      --first-trip-id <n>      trip_id of the first trip (default: 1)
      --end-of-stream          append {"type":"watermark","watermark":"+infinity"} as last line
      --report <file>          also write the full report as JSON to <file>
      --max-reported-rows <n>  unconvertible rows listed in the report (default: 20)
      --strict                 exit 1 when any row could not be converted
  -q, --quiet                  no summary on stderr
  -V, --version                print the version and exit
  -h, --help                   show this help

Rows that cannot be converted are counted and listed in the summary; trips with zero
coordinates or a dropoff before the pickup are written as they are and counted as flagged.
Exit status: 0 done, 1 unreadable input or unwritable output (or --strict and some rows
unconvertible), 2 bad usage (unknown option, bad value, no input).

Example:
  tlc-to-wire -o trips.jsonl.gz yellow_tripdata_2016-01.csv
`;

/**
 * Runs `tlc-to-wire` with the given arguments (without `node` and the script) and returns the
 * exit status instead of exiting.
 */
export async function tlcToWire(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        'source-timezone': { type: 'string' },
        layout: { type: 'string' },
        'dropoff-from': { type: 'string' },
        'dropoff-to': { type: 'string' },
        limit: { type: 'string' },
        'first-trip-id': { type: 'string' },
        'end-of-stream': { type: 'boolean' },
        report: { type: 'string' },
        'max-reported-rows': { type: 'string' },
        strict: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (values.help) {
    io.stdout.write(TLC_TO_WIRE_HELP);
    return 0;
  }
  if (positionals.length === 0) return usage(io, 'no input file given');
  const layout = values.layout as TlcLayout | undefined;
  if (layout !== undefined && !TLC_LAYOUTS.includes(layout)) {
    return usage(io, `--layout must be one of ${TLC_LAYOUTS.join(', ')}, got ${layout}`);
  }
  const options: ConvertTlcOptions = {
    sourceTimeZone: values['source-timezone'],
    layout,
    dropoffFrom: values['dropoff-from'],
    dropoffTo: values['dropoff-to'],
  };
  for (const [flag, key] of [
    ['limit', 'limit'],
    ['first-trip-id', 'firstTripId'],
    ['max-reported-rows', 'maxReportedRows'],
  ] as const) {
    const text = values[flag];
    if (text === undefined) continue;
    if (!/^\d+$/.test(text))
      return usage(io, `--${flag} must be a non-negative integer, got ${text}`);
    options[key] = Number(text);
  }

  let result;
  try {
    result = await convertTlc(positionals, options);
  } catch (error) {
    io.stderr.write(`tlc-to-wire: ${(error as Error).message}\n`);
    return 1;
  }
  const { trips, report } = result;
  const lines = trips.map(encode);
  if (values['end-of-stream']) lines.push(encode(END_OF_STREAM_WATERMARK));
  try {
    await writeLines(lines, values.output, io.stdout);
    if (values.report !== undefined) {
      await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
    }
  } catch (error) {
    io.stderr.write(`tlc-to-wire: ${(error as Error).message}\n`);
    return 1;
  }
  if (!values.quiet) io.stderr.write(summarise(report));
  return values.strict && report.unconvertible.total > 0 ? 1 : 0;
}

/** Exit 2, as every tripstream CLI does for a command line that cannot run. */
function usage(io: CliIo, message: string): number {
  io.stderr.write(`tlc-to-wire: ${message} (see tlc-to-wire --help)\n`);
  return 2;
}

/** This package's version (dist/cli/ or src/cli/ -> ../../package.json). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** Lines per write: big enough to amortise the write calls. */
const LINES_PER_CHUNK = 512;

async function writeLines(
  lines: string[],
  path: string | undefined,
  stdout: Writable,
): Promise<void> {
  let out: Writable;
  let file: Writable | undefined;
  if (path === undefined || path === '-') {
    out = stdout;
  } else {
    file = createWriteStream(path);
    out = path.endsWith('.gz') ? createGzip() : file;
    if (out !== file) out.pipe(file);
  }
  const failed = new Promise<never>((_, reject) => {
    out.once('error', reject);
    file?.once('error', reject);
  });
  failed.catch(() => {});
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) {
    const chunk = `${lines.slice(i, i + LINES_PER_CHUNK).join('\n')}\n`;
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  }
  if (file !== undefined) {
    out.end();
    await Promise.race([once(file, 'close'), failed]);
  }
}

function summarise(report: TlcConversionReport): string {
  const out: string[] = [];
  for (const input of report.inputs) {
    const start =
      input.skippedStartEvents > 0 ? `, ${input.skippedStartEvents} START events skipped` : '';
    out.push(
      `${input.input}: ${input.layout}, ${input.rows} rows, ${input.converted} converted, ${input.unconvertible} unconvertible${start}`,
    );
  }
  out.push(`source time zone: ${report.sourceTimeZone}`);
  const range = report.dropoffRange
    ? ` (dropoffs ${report.dropoffRange.first} .. ${report.dropoffRange.last})`
    : '';
  out.push(`trips written: ${report.trips}${range}`);
  if (report.droppedByRange > 0)
    out.push(`left out by --dropoff-from/--dropoff-to: ${report.droppedByRange}`);
  if (report.droppedByLimit > 0) out.push(`left out by --limit: ${report.droppedByLimit}`);
  const { unconvertible, flagged, referenceJob } = report;
  const reasons = Object.entries(unconvertible.byReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  out.push(
    `unconvertible rows: ${unconvertible.total}${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
  );
  for (const row of unconvertible.first) {
    out.push(`  ${row.input}:${row.lineNumber}: ${row.reason}: ${row.detail}`);
  }
  out.push(
    `flagged, written anyway: zero coordinates ${flagged.zeroCoordinates}, dropoff before pickup ${flagged.dropoffBeforePickup}, DST gap ${flagged.dstGap}, DST overlap ${flagged.dstOverlap}, optional values dropped ${flagged.optionalValuesDropped}`,
  );
  const invalid = Object.entries(referenceJob.invalid)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  out.push(`NYC filter: ${referenceJob.kept} kept (${invalid})`);
  out.push(
    `airport trips: JFK ${referenceJob.airportTrips.JFK}, LGA ${referenceJob.airportTrips.LGA}`,
  );
  return `${out.join('\n')}\n`;
}
