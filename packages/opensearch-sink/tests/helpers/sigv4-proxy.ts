import { startHttpProxy, type Exchange, type HttpProxy } from '@tripstream/test-support';
import { verifySigV4, type Verdict, type VerifyOptions } from './verify-sigv4.js';

/**
 * A proxy that checks every request's SigV4 signature (see verify-sigv4.ts) as Amazon OpenSearch
 * Service does, answers 403 like it when the check fails, and forwards the rest to a real
 * OpenSearch.
 */
export class SigV4Proxy {
  readonly verdicts: Verdict[] = [];
  /** Alters each body in transit, before the check (a man in the middle). */
  tamper: ((body: Buffer) => Buffer) | undefined;
  private server: HttpProxy | undefined;

  private constructor(private readonly options: Omit<VerifyOptions, 'now'>) {}

  static async start(target: string, options: Omit<VerifyOptions, 'now'>): Promise<SigV4Proxy> {
    const proxy = new SigV4Proxy(options);
    proxy.server = await startHttpProxy({
      target,
      handle: (x) => proxy.handle(x),
      dropHeaders: ['authorization'],
    });
    return proxy;
  }

  get url(): string {
    return this.server?.endpoint ?? '';
  }

  get accepted(): number {
    return this.verdicts.filter((v) => v.ok).length;
  }

  get denied(): Extract<Verdict, { ok: false }>[] {
    return this.verdicts.filter((v): v is Extract<Verdict, { ok: false }> => !v.ok);
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  private async handle(x: Exchange): Promise<void> {
    const body = this.tamper ? this.tamper(x.raw) : x.raw;
    const verdict = await verifySigV4(
      { method: x.method, url: x.path, headers: x.req.headers, body },
      this.options,
    );
    this.verdicts.push(verdict);
    if (!verdict.ok) {
      x.res.setHeader(
        'x-amzn-errortype',
        `${verdict.type}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
      );
      return x.replyJson(verdict.status, { message: verdict.message });
    }
    x.relay(await x.forward());
  }
}
