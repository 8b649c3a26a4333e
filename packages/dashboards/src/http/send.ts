import { signRequest } from '@tripstream/support/sigv4';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { ServerUnreachableError } from '../errors/server-unreachable-error.js';
import type { ResolvedSigV4 } from './sigv4-options.js';

/** One HTTP request of this package. */
export interface SendRequest {
  method: 'GET' | 'POST';
  /** Absolute URL; `user:password@` in it becomes basic authentication. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  sigv4?: ResolvedSigV4;
  /** Abort after this many milliseconds. Default 30000. */
  timeoutMs?: number;
}

/** Status and body text of an answer. */
export interface SendResponse {
  status: number;
  text: string;
}

/**
 * Sends one request with fetch, signing it with SigV4 (`@tripstream/support/sigv4`) when asked.
 *
 * @throws ServerUnreachableError when no answer arrives (the URL in it has no credentials).
 * @throws InvalidOptionError when the URL carries credentials and SigV4 is asked for too, or
 *   SigV4 is asked for over plain http:// to a host that is not loopback.
 */
export async function send(req: SendRequest): Promise<SendResponse> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { ...req.headers };
  if ((url.username || url.password) && req.sigv4) {
    // Two Authorization schemes cannot share one request; refuse rather than send a broken one.
    throw new InvalidOptionError(
      'url',
      `${url.protocol}//***@${url.host}`,
      'credentials in the URL cannot be combined with SigV4 signing',
    );
  }
  if (req.sigv4 && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    // The signature, the access key id and the session token would cross the network in clear.
    throw new InvalidOptionError(
      'url',
      `${url.protocol}//${url.host}`,
      'SigV4 signing needs an https:// URL (plain http:// is allowed only to a loopback host)',
    );
  }
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  if (req.sigv4) {
    const { region, service } = req.sigv4;
    const credentials = await req.sigv4.credentials();
    const signed = signRequest(
      { method: req.method, url, headers, body: req.body },
      { region, service, credentials },
    );
    // The signed set holds every header, lower-cased: it replaces them all (no duplicate in
    // another case). fetch derives Host from the URL; the signed value is the same.
    for (const name of Object.keys(headers)) delete headers[name];
    for (const [name, value] of Object.entries(signed)) if (name !== 'host') headers[name] = value;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: req.method,
      headers,
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
    });
  } catch (cause) {
    throw new ServerUnreachableError(url.toString(), { cause });
  }
  return { status: response.status, text: await response.text() };
}

/** 127.0.0.0/8, ::1 and localhost: plain http to them never leaves the machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
