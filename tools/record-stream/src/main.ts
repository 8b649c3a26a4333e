import { enterCallerCwd } from '@tripstream/cli-support';
import { main } from './cli.js';

enterCallerCwd();
process.exitCode = await main(process.argv.slice(2));
