import type { IncomingMessage, ServerResponse } from 'node:http';
import { forward, readBody, reply, RestartableServer } from './http-util.js';
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
  private readonly server: RestartableServer;

  private constructor(
    private readonly target: string,
    private readonly options: Omit<VerifyOptions, 'now'>,
  ) {
    this.server = new RestartableServer((req, res) => void this.handle(req, res));
  }

  static async start(target: string, options: Omit<VerifyOptions, 'now'>): Promise<SigV4Proxy> {
    const proxy = new SigV4Proxy(target, options);
    await proxy.server.listen();
    return proxy;
  }

  get url(): string {
    return this.server.url;
  }

  get accepted(): number {
    return this.verdicts.filter((v) => v.ok).length;
  }

  get denied(): Extract<Verdict, { ok: false }>[] {
    return this.verdicts.filter((v): v is Extract<Verdict, { ok: false }> => !v.ok);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      let body = await readBody(req);
      if (this.tamper) body = this.tamper(body);
      const url = req.url ?? '/';
      const verdict = await verifySigV4(
        { method: req.method ?? 'GET', url, headers: req.headers, body },
        this.options,
      );
      this.verdicts.push(verdict);
      if (!verdict.ok) {
        reply(res, verdict.status, JSON.stringify({ message: verdict.message }), {
          'x-amzn-errortype': `${verdict.type}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
        });
        return;
      }
      const up = await forward(this.target, req.method ?? 'GET', url, req.headers, body);
      reply(res, up.status, up.body, {
        'content-type': String(up.headers['content-type'] ?? 'application/json'),
      });
    } catch {
      res.destroy();
    }
  }
}
