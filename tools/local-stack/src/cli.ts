import { packageVersion, runCli, stopOnSignals } from '@tripstream/cli-support';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ensureOpenSearchDistribution } from './opensearch.js';
import { ALL_SERVICES, startStack, type Service } from './stack.js';

interface Flags {
  services: Service[];
  json: boolean;
  check: boolean;
  fetchOnly: boolean;
}

const program = new Command('local-stack')
  .description(
    'Start kinesalite (Kinesis), dynalite (DynamoDB), s3rver (S3) and a real OpenSearch on 127.0.0.1; Ctrl-C stops them.',
  )
  .addOption(
    new Option('--services <list>', 'comma-separated servers to start')
      .default([...ALL_SERVICES], ALL_SERVICES.join(','))
      .argParser((v) => {
        const list = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const s of list) {
          if (!ALL_SERVICES.includes(s as Service)) {
            throw new InvalidArgumentError(
              `--services: unknown server "${s}" (known: ${ALL_SERVICES.join(', ')})`,
            );
          }
        }
        return list;
      }),
  )
  .option('--json', 'print the endpoints as one JSON line instead of env lines', false)
  .option('--check', 'start, print the endpoints, then stop at once (a smoke test)', false)
  .option('--fetch-only', 'only download the OpenSearch distribution into the Maven cache', false);

const log = (l: string) => console.error(`[stack] ${l}`);

process.exitCode = await runCli<Flags>({
  program,
  argv: process.argv.slice(2),
  version: packageVersion(import.meta.url),
  run: async (opts) => {
    if (opts.fetchOnly) {
      const d = await ensureOpenSearchDistribution({ log });
      log(`OpenSearch ${d.version} ready: ${d.zip} (+ geo module ${d.geoJar})`);
      return;
    }
    // Servers die with this process (parent-death signal); a stuck stop still ends in 5 s.
    const stopped = stopOnSignals({ log });
    const started = Date.now();
    const stack = await startStack({ services: opts.services, log });
    const e = stack.endpoints;
    if (opts.json) console.log(JSON.stringify(e));
    else {
      if (e.kinesis) console.log(`TRIPSTREAM_KINESIS_ENDPOINT=${e.kinesis}`);
      if (e.dynamodb) console.log(`TRIPSTREAM_DYNAMODB_ENDPOINT=${e.dynamodb}`);
      if (e.s3) console.log(`TRIPSTREAM_S3_ENDPOINT=${e.s3}`);
      if (e.opensearch) console.log(`TRIPSTREAM_OPENSEARCH_ENDPOINT=${e.opensearch}`);
    }
    log(`up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!opts.check && !stopped.aborted) {
      log('press Ctrl-C to stop');
      await new Promise((resolve) => stopped.addEventListener('abort', resolve, { once: true }));
      log('stopping');
    }
    await stack.stop();
  },
});
