import { componentOf } from './component-of.js';

const NETWORK =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|TimeoutError|socket hang up)\b/;
const CREDENTIALS =
  /CredentialsProviderError|Could not load credentials|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch|security token included in the request is invalid/;

function chainText(err: unknown): string {
  let text = '';
  const seen = new Set<unknown>();
  for (let c: any = err; c && !seen.has(c); c = c.cause) {
    seen.add(c);
    text += ` ${c.name ?? ''} ${c.code ?? ''} ${c.message ?? String(c)}`;
    if (Array.isArray(c.errors))
      for (const e of c.errors) text += ` ${e?.code ?? ''} ${e?.message ?? ''}`;
  }
  return text;
}

/**
 * One line for an expected runtime failure, naming the component at fault when the error was
 * tagged (see `tagComponent`) or `fallback` says which: `"S3: cannot reach the server (ECONNREFUSED);
 * is the endpoint right and the server up?"`. Not redacted: `formatError` does that.
 */
export function describeError(err: unknown, fallback?: string): string {
  const component = componentOf(err) ?? fallback;
  const text = chainText(err);
  const message = err instanceof Error ? err.message : String(err);
  const prefix = component ? `${component}: ` : '';
  const network = NETWORK.exec(text);
  if (network)
    return `${prefix}cannot reach the server (${network[1]}); is the endpoint right and the server up?`;
  if (CREDENTIALS.test(text))
    return `${prefix}no usable AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE (${message.split('\n')[0]})`;
  return `${prefix}${message}`;
}
