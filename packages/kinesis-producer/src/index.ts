export const packageName = '@tripstream/kinesis-producer';
