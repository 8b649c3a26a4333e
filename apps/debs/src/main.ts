import { enterCallerCwd } from '@tripstream/cli-support';
import { main } from './cli.js';

// `nx run debs:serve -- --input fixtures/…` means the folder the user typed it in.
enterCallerCwd();

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort());
}
main(process.argv.slice(2), undefined, controller.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`debs: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
