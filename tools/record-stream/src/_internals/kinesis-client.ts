import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { localCredentials } from '@tripstream/cli-support';

/**
 * @internal The CLI's client. A local endpoint gets dummy credentials (a fresh machine needs no AWS
 * set-up) and every endpoint the HTTP/1.1 handler, which kinesalite needs.
 */
export function kinesisClientFor(endpoint: string | undefined, region: string): KinesisClient {
  return new KinesisClient({
    region,
    endpoint,
    credentials: localCredentials(endpoint),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
  });
}
