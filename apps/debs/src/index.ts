export { main, buildProgram, type CliIo } from './cli.js';
export { runDebs, type DebsConfig, type DebsDeps, type DebsSummary } from './run-debs.js';
