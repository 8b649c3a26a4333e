export { createS3StateStore } from './create-s3-state-store.js';
export type { S3StateStoreOptions } from './create-s3-state-store.js';
export { parseS3Uri } from './parse-s3-uri.js';
