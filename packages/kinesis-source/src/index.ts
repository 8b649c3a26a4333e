export const packageName = '@tripstream/kinesis-source';
