export { startStack, ALL_SERVICES } from './stack.js';
export type { Service, StackOptions, StackEndpoints, LocalStack } from './stack.js';
export { startKinesis } from './kinesis.js';
export type { KinesisOptions, RunningKinesis } from './kinesis.js';
export { startDynamoDB } from './dynamodb.js';
export type { DynamoDBOptions, RunningDynamoDB } from './dynamodb.js';
export { startS3 } from './s3.js';
export type { S3Options, RunningS3 } from './s3.js';
export {
  startOpenSearch,
  ensureOpenSearchDistribution,
  DEFAULT_OPENSEARCH_VERSION,
} from './opensearch.js';
export type { OpenSearchOptions, RunningOpenSearch } from './opensearch.js';
export { freePort, waitFor, StackStartError } from './ports.js';
export { spawnManaged } from './child.js';
export type { ManagedProcess } from './child.js';
