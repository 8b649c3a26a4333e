import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface Upstream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends a request to `target` (an http URL), as a forwarding proxy would. */
export function forward(
  target: string,
  method: string,
  path: string,
  headers: http.IncomingHttpHeaders,
  body: Buffer,
): Promise<Upstream> {
  const url = new URL(target);
  const clean: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (
      [
        'host',
        'connection',
        'keep-alive',
        'content-length',
        'transfer-encoding',
        'authorization',
        'accept-encoding',
      ].includes(k)
    )
      continue;
    if (v !== undefined) clean[k] = v;
  }
  clean['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    const out = http.request(
      { host: url.hostname, port: url.port, method, path, headers: clean, agent },
      (res) => {
        readBody(res).then(
          (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
          reject,
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

export function reply(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': buf.length,
    ...headers,
  });
  res.end(buf);
}

/** A node:http server on 127.0.0.1 that can be taken down (sockets destroyed) and up again on its port. */
export class RestartableServer {
  private server: http.Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly handler: (req: IncomingMessage, res: ServerResponse) => void) {
    this.server = this.create();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private create(): http.Server {
    const server = http.createServer((req, res) => this.handler(req, res));
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and resets every open connection, as a crashed process would. */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    this.server = this.create();
  }

  async up(): Promise<void> {
    await this.listen();
  }

  async close(): Promise<void> {
    await this.down();
  }
}
