import { Option } from 'commander';
import { endpointArg } from './endpoint-arg.js';

/** `--kinesis-endpoint <url>`, checked by {@link endpointArg}; no default (the AWS endpoint). */
export function kinesisEndpointOption(): Option {
  return new Option(
    '--kinesis-endpoint <url>',
    'Kinesis endpoint, e.g. a local kinesalite (default: AWS)',
  ).argParser(endpointArg('--kinesis-endpoint'));
}
