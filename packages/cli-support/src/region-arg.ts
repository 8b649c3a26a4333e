import { InvalidArgumentError } from 'commander';

/** A commander argument parser for an AWS region name such as `eu-west-1`; `""` is a usage error. */
export function regionArg(flag = '--region') {
  return (value: string): string => {
    if (!/^[a-z]{2}(-[a-z0-9]+)+-\d+$/.test(value) && !/^local(-\w+)?$/.test(value))
      throw new InvalidArgumentError(
        `${flag} wants an AWS region such as us-east-1, got "${value}"`,
      );
    return value;
  };
}
