import { Command, Option } from 'commander';
import { ensureOpenSearchDistribution } from './opensearch.js';
import { ALL_SERVICES, startStack, type Service } from './stack.js';

const program = new Command('local-stack')
  .description(
    'Start kinesalite (Kinesis), dynalite (DynamoDB), s3rver (S3) and a real OpenSearch on 127.0.0.1; Ctrl-C stops them.',
  )
  .addOption(
    new Option('--services <list>', 'comma-separated servers to start')
      .default(ALL_SERVICES.join(','))
      .argParser((v) => {
        const list = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const s of list) {
          if (!ALL_SERVICES.includes(s as Service)) {
            throw new Error(
              `--services: unknown server "${s}" (known: ${ALL_SERVICES.join(', ')})`,
            );
          }
        }
        return list;
      }),
  )
  .option('--json', 'print the endpoints as one JSON line instead of env lines', false)
  .option('--check', 'start, print the endpoints, then stop at once (a smoke test)', false)
  .option('--fetch-only', 'only download the OpenSearch distribution into the Maven cache', false)
  .action(
    async (opts: {
      services: string | Service[];
      json: boolean;
      check: boolean;
      fetchOnly: boolean;
    }) => {
      if (opts.fetchOnly) {
        const d = await ensureOpenSearchDistribution({ log: (l) => console.error(`[stack] ${l}`) });
        console.error(`[stack] OpenSearch ${d.version} ready: ${d.zip} (+ geo module ${d.geoJar})`);
        return;
      }
      const services = (
        typeof opts.services === 'string' ? opts.services.split(',') : opts.services
      ) as Service[];
      const started = Date.now();
      const stack = await startStack({ services, log: (l) => console.error(`[stack] ${l}`) });
      const e = stack.endpoints;
      if (opts.json) console.log(JSON.stringify(e));
      else {
        if (e.kinesis) console.log(`TRIPSTREAM_KINESIS_ENDPOINT=${e.kinesis}`);
        if (e.dynamodb) console.log(`TRIPSTREAM_DYNAMODB_ENDPOINT=${e.dynamodb}`);
        if (e.s3) console.log(`TRIPSTREAM_S3_ENDPOINT=${e.s3}`);
        if (e.opensearch) console.log(`TRIPSTREAM_OPENSEARCH_ENDPOINT=${e.opensearch}`);
      }
      console.error(`[stack] up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (opts.check) {
        await stack.stop();
        return;
      }
      console.error('[stack] press Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        const onSignal = () => resolve();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      console.error('[stack] stopping');
      await stack.stop();
    },
  );

program.parseAsync().catch((err: unknown) => {
  console.error(`local-stack: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
