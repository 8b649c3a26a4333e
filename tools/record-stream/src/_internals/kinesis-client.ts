import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * @internal The CLI's client. A local endpoint gets dummy credentials (a fresh machine needs no AWS
 * set-up) and every endpoint the HTTP/1.1 handler, which kinesalite needs.
 */
export function kinesisClientFor(endpoint: string | undefined, region: string): KinesisClient {
  const local =
    endpoint !== undefined &&
    /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/.test(endpoint);
  return new KinesisClient({
    region,
    endpoint,
    credentials:
      local && !process.env.AWS_ACCESS_KEY_ID
        ? { accessKeyId: 'local', secretAccessKey: 'local' }
        : undefined,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
  });
}
