export { main, buildProgram, type DebsIo } from './cli.js';
export { runDebs, type DebsConfig, type DebsDeps, type DebsSummary } from './run-debs.js';
