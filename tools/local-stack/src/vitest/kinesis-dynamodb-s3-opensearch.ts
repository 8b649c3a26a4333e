import { stackSetup } from './setup.js';

export default stackSetup(['kinesis', 'dynamodb', 's3', 'opensearch']);
