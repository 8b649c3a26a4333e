import { enterCallerCwd } from '@tripstream/cli-support';
import { main } from './cli.js';

// `nx run replay:serve -- --input fixtures/…` means the folder the user typed it in.
enterCallerCwd();
// runCli turns every error into an exit code; SIGINT/SIGTERM keep Node's default (exit at once):
// what was acknowledged is in the summary of a --seek resume, nothing else needs flushing.
process.exitCode = await main(process.argv.slice(2));
