import { isLoopbackEndpoint } from './is-loopback-endpoint.js';

/**
 * Dummy credentials (`key` as id and secret) for a client of a loopback endpoint when the
 * environment has no `AWS_ACCESS_KEY_ID`, so a fresh machine needs no AWS set-up to use the local
 * stack; `undefined` otherwise, which leaves the SDK's default provider chain in charge.
 */
export function localCredentials(
  endpoint: string | undefined,
  key = 'local',
): { accessKeyId: string; secretAccessKey: string } | undefined {
  return isLoopbackEndpoint(endpoint) && !process.env.AWS_ACCESS_KEY_ID
    ? { accessKeyId: key, secretAccessKey: key }
    : undefined;
}
