import { enterCallerCwd, stopOnSignals } from '@tripstream/cli-support';
import { main } from './cli.js';

// `nx run debs:serve -- --input fixtures/…` means the folder the user typed it in.
enterCallerCwd();
// The first SIGINT/SIGTERM stops a Kinesis-mode run gracefully (the summary is still printed); a
// second one, or the grace period running out, exits at once.
const signal = stopOnSignals({ log: (l) => process.stderr.write(`debs: ${l}\n`) });
// exitCode, not exit(): lines still buffered for a piped stdout get written.
process.exitCode = await main(process.argv.slice(2), undefined, signal);
