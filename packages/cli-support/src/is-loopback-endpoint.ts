const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * Whether an endpoint URL names this machine (127.x.x.x, `localhost`, `[::1]`): a local stand-in
 * such as kinesalite, where dummy credentials do and plain `http://` leaks nothing. `false` for
 * `undefined` and for text that is not a URL.
 */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  try {
    return LOOPBACK_HOST.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
