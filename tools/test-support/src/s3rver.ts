import { S3Client } from '@aws-sdk/client-s3';

/**
 * A client for s3rver: path-style addressing (s3rver serves no bucket subdomains) and the
 * credentials s3rver accepts by default (`S3RVER`). Close it with `destroy()`. `endpoint` is the
 * local stack's `s3`; without one (a stack started without s3rver) this throws.
 */
export function s3rverClient(endpoint: string | undefined): S3Client {
  if (!endpoint)
    throw new Error('s3rverClient: no s3 endpoint (was the local stack started with s3rver?)');
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
  });
}
