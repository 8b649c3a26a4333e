import { createRequire } from 'node:module';
import { MissingDependencyError } from '@tripstream/support';

/** The part of aws-kinesis-agg this package uses. */
export interface KplModule {
  deaggregateSync(
    record: { partitionKey: string; sequenceNumber: string; data: Buffer },
    computeChecksums: boolean,
    callback: (
      err: Error | null | undefined,
      records?: { partitionKey: string; subSequenceNumber: number; data: string }[],
    ) => void,
  ): void;
}

let kpl: KplModule | undefined;

/**
 * @internal aws-kinesis-agg (and its protobufjs) is an optional peer: loaded on the first
 * aggregated record, so streams without KPL aggregates never need it installed.
 */
export function loadKpl(): KplModule {
  if (kpl) return kpl;
  try {
    kpl = createRequire(import.meta.url)('aws-kinesis-agg') as KplModule;
  } catch (cause) {
    throw new MissingDependencyError('aws-kinesis-agg', 'deaggregate', cause);
  }
  return kpl;
}
