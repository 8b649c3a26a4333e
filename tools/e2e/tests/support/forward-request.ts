import { request, type Agent, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { readBody } from './http-body.js';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends a request (body already read, maybe rewritten) to `target` and reads the whole answer.
 * Asks for an uncompressed answer, so a proxy can read and rewrite it.
 */
export function forwardRequest(
  agent: Agent,
  target: URL,
  method: string,
  path: string,
  incoming: IncomingHttpHeaders,
  body: Buffer,
): Promise<Answer> {
  const headers: IncomingHttpHeaders = {
    ...incoming,
    host: target.host,
    'content-length': String(body.length),
  };
  delete headers['transfer-encoding'];
  delete headers['accept-encoding'];
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method, path, agent, headers },
      (res) => {
        readBody(res).then(
          (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
          reject,
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Answers with an upstream response, framed by length (its body was read whole). */
export function relay(res: ServerResponse, answer: Answer): void {
  const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
  delete headers['transfer-encoding'];
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** Answers with a JSON body. */
export function replyJson(
  res: ServerResponse,
  status: number,
  json: unknown,
  contentType = 'application/json',
): void {
  const body = Buffer.from(JSON.stringify(json));
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}
