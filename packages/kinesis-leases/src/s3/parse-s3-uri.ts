import { LeaseOptionError } from '../errors/lease-option-error.js';

/** `s3://bucket/some/prefix` → `{ bucket: 'bucket', prefix: 'some/prefix/' }` (prefix may be ''). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new LeaseOptionError('uri', uri, 'an S3 URI such as s3://bucket/prefix');
  const rest = m[2] ?? '';
  return { bucket: m[1], prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` };
}
