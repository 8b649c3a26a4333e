const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const ACCESS_KEY_ID = /\b(AKIA|ASIA|AROA|AIDA|ANPA|ANVA|AGPA)[A-Z0-9]{12,}\b/g;
// `secret=…`, `"sessionToken":"…"`, `X-Amz-Signature=…`: no blank after the separator, so prose
// such as "no AWS credentials: set …" stays readable.
const KEY_VALUE =
  /((?:secret|token|password|passwd|signature|credential|api[-_]?key|access[-_]?key)[\w-]*["']?[=:]["']?)[^\s"'&,;]+/gi;
const AUTHORIZATION = /(authorization["']?\s*[=:]\s*["']?)[^"'\n]+/gi;
const ENV_SECRETS = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'OPENSEARCH_PASSWORD'];

/**
 * Removes credentials from text meant for a terminal, a log or a file: URL userinfo
 * (`https://user:pw@host` → `https://***@host`), AWS access key ids, values of keys that name a
 * secret (`secret…`, `…token`, `password`, `signature`, `credential`, `api key`), `Authorization`
 * headers,
 * and the literal values of the secret AWS environment variables.
 */
export function redact(text: string): string {
  let out = text
    .replace(USERINFO, '$1***@')
    .replace(ACCESS_KEY_ID, '$1****')
    .replace(KEY_VALUE, '$1***')
    .replace(AUTHORIZATION, '$1***');
  for (const name of ENV_SECRETS) {
    const value = process.env[name];
    if (value && value.length >= 4) out = out.split(value).join('***');
  }
  return out;
}
