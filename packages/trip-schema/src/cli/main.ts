import { tlcToWire } from './tlc-to-wire.js';

// The bin entry point: everything testable lives in tlc-to-wire.ts.
process.exitCode = await tlcToWire(process.argv.slice(2));
