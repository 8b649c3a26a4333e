import { writeFile } from 'node:fs/promises';
import {
  UsageError,
  checkWritable,
  endpointArg,
  packageVersion,
  redact,
  runCli as runCommand,
} from '@tripstream/cli-support';
import { Command, Option } from 'commander';
import { DEFAULT_INTERVAL, DEFAULT_TIME_RANGE } from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { NoDataError } from '../errors/no-data-error.js';
import { OpenSearchQueryError } from '../errors/opensearch-query-error.js';
import { SavedObjectsImportError } from '../errors/saved-objects-import-error.js';
import { ServerUnreachableError } from '../errors/server-unreachable-error.js';
import { httpSearchClient } from '../http/search-client.js';
import type { SigV4Options } from '../http/sigv4-options.js';
import { importSavedObjects } from '../import-saved-objects.js';
import { dataTimeRange } from '../report/data-time-range.js';
import { renderReport } from '../report/render-report.js';
import { objectIds } from '../saved-objects/object-ids.js';
import type { TimeRange } from '../saved-objects/saved-objects-options.js';
import { savedObjects } from '../saved-objects/saved-objects.js';

/** Where the CLI writes. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

interface CommonFlags {
  indexPrefix: string;
  interval: string;
  timeFrom?: string;
  timeTo?: string;
  opensearch?: string;
  sigv4?: boolean;
  region?: string;
  service?: 'es' | 'aoss';
}

/** Errors whose message is already the one line to print. */
const KNOWN_ERRORS = [
  ServerUnreachableError,
  SavedObjectsImportError,
  OpenSearchQueryError,
  NoDataError,
];

/**
 * The `tripstream-dashboards` command line: `export`, `import` and `report`. Returns the exit
 * code instead of exiting, so tests run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo = process): Promise<number> {
  const program = new Command('tripstream-dashboards')
    .description(
      'OpenSearch Dashboards / Kibana saved objects for tripstream, and a static HTML report.',
    )
    .showHelpAfterError('(add --help for usage)');

  const withObjectFlags = (cmd: Command) =>
    cmd
      .option('--index-prefix <prefix>', "the processor's --index-prefix", '')
      .option(
        '--interval <width>',
        'bucket width of the time charts: 30m, 1h, 1d...',
        DEFAULT_INTERVAL,
      )
      .option(
        '--time-from <instant>',
        `start of the dashboard's time range, ISO-8601 or date math (default: the data's with --opensearch, else ${DEFAULT_TIME_RANGE.from})`,
      )
      .option(
        '--time-to <instant>',
        `end of the dashboard's time range (default: the data's with --opensearch, else ${DEFAULT_TIME_RANGE.to})`,
      );
  const withSigV4 = (cmd: Command) =>
    cmd
      .option('--sigv4', 'sign requests with AWS SigV4 (credentials from AWS_ACCESS_KEY_ID...)')
      .option('--region <region>', 'AWS region for --sigv4 (default: AWS_REGION)')
      .addOption(
        new Option('--service <service>', 'SigV4 service for --sigv4')
          .choices(['es', 'aoss'])
          .default('es'),
      );

  withObjectFlags(
    program
      .command('export')
      .description(
        'print the saved objects as NDJSON (for Stack Management > Saved objects > Import)',
      )
      .option('--out <file>', 'write to a file instead of stdout')
      .option(
        '--opensearch <url>',
        'take the time range from the data in this OpenSearch',
        endpointArg('--opensearch'),
      ),
  )
    .addHelpText(
      'after',
      '\nExample:\n  tripstream-dashboards export --index-prefix demo- > tripstream.ndjson',
    )
    .action(async (flags: CommonFlags & { out?: string }) => {
      if (flags.out) await checkWritable(flags.out, { flag: '--out' });
      const ndjson = savedObjects(await objectOptions(flags));
      if (flags.out) {
        await writeFile(flags.out, ndjson);
        io.stderr.write(`wrote ${ndjson.trimEnd().split('\n').length} objects to ${flags.out}\n`);
      } else io.stdout.write(ndjson);
    });

  withSigV4(
    withObjectFlags(
      program
        .command('import')
        .description('import the saved objects into OpenSearch Dashboards (overwrites them)')
        .requiredOption(
          '--url <dashboards-url>',
          'Dashboards base URL, e.g. http://localhost:5601',
          endpointArg('--url'),
        )
        .option(
          '--opensearch <url>',
          'take the time range from the data in this OpenSearch',
          endpointArg('--opensearch'),
        ),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  tripstream-dashboards import --url http://localhost:5601\n' +
        '  tripstream-dashboards import --url https://search-x.eu-west-1.es.amazonaws.com/_dashboards --sigv4 --region eu-west-1',
    )
    .action(async (flags: CommonFlags & { url: string }) => {
      refusePlainSigning(flags, flags.url, '--url');
      refusePlainSigning(flags, flags.opensearch, '--opensearch');
      const options = await objectOptions(flags);
      const result = await importSavedObjects({
        url: flags.url,
        ndjson: savedObjects(options),
        sigv4: sigv4Of(flags),
      });
      const dashboard = objectIds(options.indexPrefix).dashboard;
      const root = flags.url.replace(/\/+$/, '');
      io.stdout.write(
        `imported ${result.successCount} objects into ${redact(root)}\n` +
          `dashboard: ${redact(root)}/app/dashboards#/view/${dashboard}\n`,
      );
    });

  withSigV4(
    program
      .command('report')
      .description('write a static HTML report of the dashboard from live OpenSearch queries')
      .requiredOption(
        '--opensearch <url>',
        'the OpenSearch the processor writes to',
        endpointArg('--opensearch'),
      )
      .requiredOption('--out <file>', 'HTML file to write')
      .option('--index-prefix <prefix>', "the processor's --index-prefix", '')
      .option('--interval <width>', 'bucket width of the time charts', DEFAULT_INTERVAL)
      .option(
        '--time-from <instant>',
        "start of the reported range, ISO-8601 (default: the data's)",
      )
      .option('--time-to <instant>', "end of the reported range, ISO-8601 (default: the data's)"),
  )
    .addHelpText(
      'after',
      '\nExample:\n  tripstream-dashboards report --opensearch http://127.0.0.1:9200 --out report.html',
    )
    .action(async (flags: CommonFlags & { opensearch: string; out: string }) => {
      refusePlainSigning(flags, flags.opensearch, '--opensearch');
      await checkWritable(flags.out, { flag: '--out' });
      const result = await renderReport({
        opensearch: flags.opensearch,
        indexPrefix: flags.indexPrefix,
        out: flags.out,
        interval: flags.interval,
        timeRange: explicitTimeRange(flags),
        sigv4: sigv4Of(flags),
      });
      io.stdout.write(
        `wrote ${result.path}: ${result.cells} cells, ${result.totalTrips} trips, ` +
          `duration lines ${result.series.map((s) => s.name).join(', ')} ` +
          `(${result.timeRange.from} to ${result.timeRange.to})\n`,
      );
    });

  // Exit 0 done, 1 runtime failure, 2 usage error (InvalidOptionError included); --version;
  // stack traces only with --verbose; URLs printed without credentials.
  return runCommand({
    program,
    argv,
    io: { out: io.stdout, err: io.stderr },
    version: packageVersion(import.meta.url),
    isUsageError: (e) => e instanceof InvalidOptionError,
    explain: (e) => (KNOWN_ERRORS.some((k) => e instanceof k) ? (e as Error).message : undefined),
  });
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** A signature and session token never travel in clear text, except to this machine. */
function refusePlainSigning(flags: CommonFlags, url: string | undefined, flag: string): void {
  if (!flags.sigv4 || !url) return;
  const { protocol, hostname } = new URL(url);
  if (protocol === 'http:' && !LOOPBACK.test(hostname))
    throw new UsageError(
      `--sigv4 over plain http:// (${flag}) would send the signature and session token in clear text: use https:// (or a loopback host)`,
      '--sigv4',
    );
}

function sigv4Of(flags: CommonFlags): SigV4Options | undefined {
  return flags.sigv4 ? { region: flags.region, service: flags.service } : undefined;
}

function explicitTimeRange(flags: CommonFlags): TimeRange | undefined {
  if (flags.timeFrom === undefined && flags.timeTo === undefined) return undefined;
  if (flags.timeFrom === undefined || flags.timeTo === undefined) {
    throw new InvalidOptionError(
      flags.timeFrom === undefined ? '--time-from' : '--time-to',
      undefined,
      'give --time-from and --time-to together',
    );
  }
  return { from: flags.timeFrom, to: flags.timeTo };
}

async function objectOptions(flags: CommonFlags) {
  const timeRange =
    explicitTimeRange(flags) ??
    (flags.opensearch
      ? await dataTimeRange(
          httpSearchClient(flags.opensearch, { sigv4: sigv4Of(flags) }),
          flags.indexPrefix,
        )
      : undefined);
  return { indexPrefix: flags.indexPrefix, interval: flags.interval, timeRange };
}
