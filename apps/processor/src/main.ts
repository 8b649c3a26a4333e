import { enterCallerCwd, stopOnSignals } from '@tripstream/cli-support';
import { main } from './cli.js';

// `nx run processor:serve -- --input fixtures/…` means the folder the user typed it in.
enterCallerCwd();
// The first SIGINT/SIGTERM stops gracefully (flush, checkpoint, exit 0); a second one, or 5 s
// without having stopped, exits at once.
const signal = stopOnSignals({ log: (l) => process.stderr.write(`processor: ${l}\n`) });
process.exit(await main(process.argv.slice(2), undefined, signal));
