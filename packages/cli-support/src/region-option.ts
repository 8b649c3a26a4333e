import { Option } from 'commander';
import { regionArg } from './region-arg.js';

/**
 * `--region <region>`, checked by {@link regionArg}; the default is `AWS_REGION` when set (read when
 * the option is made), else `us-east-1`. One spelling and one default for every AWS CLI here.
 */
export function regionOption(): Option {
  return new Option('--region <region>', 'AWS region')
    .argParser(regionArg())
    .default(process.env.AWS_REGION || 'us-east-1');
}
