import type { IncomingMessage } from 'node:http';

/** Reads a whole request or response body (bounded: the suites' calls are a few MiB at most). */
export async function readBody(
  message: IncomingMessage,
  maxBytes = 64 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
