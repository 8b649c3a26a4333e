import { stackSetup } from './setup.js';

export default stackSetup(['kinesis', 's3']);
