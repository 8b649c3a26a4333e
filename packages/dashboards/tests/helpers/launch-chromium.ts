import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium from the `@sparticuz/chromium` devDependency: the npm package carries a
 * Chromium build (brotli-compressed) and unpacks it into the temp folder on first use, so the test
 * needs no system browser. Its flags are the ones it was built to run with (less
 * `--single-process`, made for Lambda, where closing the last page ends the browser), plus no
 * network chatter.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [
      ...sparticuz.args.filter((arg) => arg !== '--single-process'),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
