import { stackSetup } from './setup.js';

export default stackSetup(['dynamodb']);
