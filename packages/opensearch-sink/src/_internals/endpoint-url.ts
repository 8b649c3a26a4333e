/** @internal A URL for messages: user and password replaced, so no error repeats a secret. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}

/**
 * @internal Whether a URL's host is this machine (127.0.0.0/8, ::1, localhost): the one place
 * where plain http may carry signed requests, since nothing crosses a network.
 */
export function isLoopbackHost(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
