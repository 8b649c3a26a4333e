export type { AwsCredentials } from './aws-credentials.js';
export type { SigV4Service } from './sigv4-service.js';
export { signRequest } from './sign-request.js';
export type { SignableRequest, SignRequestOptions } from './sign-request.js';
export { signRequestParts } from './sign-request-parts.js';
export type { SigningContext, SigningParts } from './sign-request-parts.js';
