import { Option } from 'commander';

/**
 * `--stream <name>`, the Kinesis stream a CLI reads or writes; `description` says which mode it
 * belongs to. Call `.makeOptionMandatory()` on it where the CLI cannot run without one.
 */
export function streamOption(description: string): Option {
  return new Option('--stream <name>', description);
}
