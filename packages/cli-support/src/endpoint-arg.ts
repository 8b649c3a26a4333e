import { InvalidArgumentError } from 'commander';
import { redact } from './redact.js';

/**
 * A commander argument parser for a server endpoint: an absolute `http://` or `https://` URL.
 * `notaurl` is a usage error here, instead of surfacing later as a misleading credentials or DNS
 * failure. The message never echoes credentials in the URL.
 */
export function endpointArg(flag: string) {
  return (value: string): string => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidArgumentError(
        `${flag} wants an http:// or https:// URL, got "${redact(value)}"`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new InvalidArgumentError(
        `${flag} wants an http:// or https:// URL, got ${url.protocol}// in "${redact(value)}"`,
      );
    return value;
  };
}
