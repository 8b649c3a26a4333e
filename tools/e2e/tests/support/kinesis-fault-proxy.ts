import { Agent, createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest, relay, replyJson } from './forward-request.js';
import { readBody } from './http-body.js';

/** What the proxy does to calls; each share is a probability per call (or per entry). */
export interface KinesisFaultOptions {
  /** kinesalite's endpoint. */
  target: string;
  random: () => number;
  /** The operations faults apply to. Default PutRecords and GetRecords. */
  operations?: readonly string[];
  /** Calls answered 400 ProvisionedThroughputExceededException, unforwarded. Default 0.08. */
  throttleShare?: number;
  /** Calls answered 500 InternalFailure, unforwarded. Default 0.04. */
  errorShare?: number;
  /** PutRecords calls of which some entries are refused per entry. Default 0.15. */
  partialShare?: number;
  /** In such a call, the share of entries refused. Default 0.25. */
  partialEntryShare?: number;
  /**
   * Faults for the first calls of an operation, before the random ones: makes sure every kind
   * happens in a run, whatever the draws. `partial` applies to PutRecords only.
   */
  script?: Partial<Record<string, KinesisFault[]>>;
}

export type KinesisFault = 'throttle' | 'error' | 'partial' | 'none';

export interface KinesisFaultStats {
  calls: number;
  throttled: number;
  failed: number;
  partialCalls: number;
  entriesRefused: number;
  /** Calls, throttled and failed calls per operation. */
  byOperation: Record<string, { calls: number; throttled: number; failed: number }>;
}

export interface KinesisFaultProxy {
  endpoint: string;
  stats: KinesisFaultStats;
  /** Stops injecting faults (the proxy keeps forwarding). */
  heal(): void;
  close(): Promise<void>;
}

interface PutRecordsEntry {
  Data: string;
  PartitionKey: string;
  ExplicitHashKey?: string;
}
type PutRecordsResultEntry =
  { SequenceNumber: string; ShardId: string } | { ErrorCode: string; ErrorMessage: string };

const JSON_TYPE = 'application/x-amz-json-1.1';

/**
 * An HTTP proxy in front of kinesalite that makes Kinesis misbehave the way a busy stream does:
 * whole calls throttled (400) or failed (500) without reaching kinesalite, and PutRecords calls
 * where some entries come back `ProvisionedThroughputExceededException`. Those entries are really
 * not written: only the other entries are forwarded, and the refusals are spliced back into
 * kinesalite's answer at their positions. A fault is always injected before forwarding, never
 * after: a call that was applied but answered with an error would make the producer write
 * duplicates, which only the network may do (and then the counts are no longer the batch's).
 */
export async function startKinesisFaultProxy(o: KinesisFaultOptions): Promise<KinesisFaultProxy> {
  const target = new URL(o.target);
  const operations = new Set(o.operations ?? ['PutRecords', 'GetRecords']);
  const throttleShare = o.throttleShare ?? 0.08;
  const errorShare = o.errorShare ?? 0.04;
  const partialShare = o.partialShare ?? 0.15;
  const partialEntryShare = o.partialEntryShare ?? 0.25;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const stats: KinesisFaultStats = {
    calls: 0,
    throttled: 0,
    failed: 0,
    partialCalls: 0,
    entriesRefused: 0,
    byOperation: {},
  };
  let healed = false;

  const drawFault = (operation: string): KinesisFault => {
    const draw = o.random();
    if (draw < throttleShare) return 'throttle';
    if (draw < throttleShare + errorShare) return 'error';
    return operation === 'PutRecords' && o.random() < partialShare ? 'partial' : 'none';
  };
  const forward = (headers: IncomingHttpHeaders, path: string, body: Buffer) =>
    forwardRequest(agent, target, 'POST', path, headers, body);
  const reply = (res: ServerResponse, status: number, json: unknown) =>
    replyJson(res, status, json, JSON_TYPE);

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const headers = req.headers;
      if (!healed && operations.has(operation)) {
        stats.calls++;
        const op = (stats.byOperation[operation] ??= { calls: 0, throttled: 0, failed: 0 });
        op.calls++;
        const fault = o.script?.[operation]?.[op.calls - 1] ?? drawFault(operation);
        if (fault === 'throttle') {
          stats.throttled++;
          op.throttled++;
          return reply(res, 400, {
            __type: 'ProvisionedThroughputExceededException',
            message: 'Rate exceeded',
          });
        }
        if (fault === 'error') {
          stats.failed++;
          op.failed++;
          return reply(res, 500, {
            __type: 'InternalFailure',
            message: 'injected by the e2e proxy',
          });
        }
        if (fault === 'partial' && operation === 'PutRecords') {
          return putSome(body, headers, req.url ?? '/', res);
        }
      }
      relay(res, await forward(headers, req.url ?? '/', body));
    })().catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { __type: 'InternalFailure', message: String(err) });
      else res.destroy();
    });
  });

  /** Forwards only the entries not picked for refusal; splices the refusals back in order. */
  async function putSome(
    body: Buffer,
    headers: IncomingHttpHeaders,
    path: string,
    res: ServerResponse,
  ): Promise<void> {
    const input = JSON.parse(body.toString('utf8')) as { Records: PutRecordsEntry[] };
    const refused = input.Records.map(() => o.random() < partialEntryShare);
    // A scripted partial failure refuses at least one entry and keeps at least one.
    if (input.Records.length > 1 && !refused.some(Boolean)) refused[0] = true;
    const kept = input.Records.filter((_, i) => !refused[i]);
    const refusedCount = input.Records.length - kept.length;
    if (refusedCount === 0) return relay(res, await forward(headers, path, body));
    stats.partialCalls++;
    stats.entriesRefused += refusedCount;
    let upstream: { FailedRecordCount?: number; Records: PutRecordsResultEntry[] } = {
      FailedRecordCount: 0,
      Records: [],
    };
    if (kept.length > 0) {
      const answer = await forward(
        headers,
        path,
        Buffer.from(JSON.stringify({ ...input, Records: kept })),
      );
      if (answer.status !== 200) return relay(res, answer);
      upstream = JSON.parse(answer.body.toString('utf8'));
    }
    let next = 0;
    const records = input.Records.map((_, i) =>
      refused[i]
        ? {
            ErrorCode: 'ProvisionedThroughputExceededException',
            ErrorMessage: 'Rate exceeded for shard in stream (injected by the e2e proxy)',
          }
        : upstream.Records[next++],
    );
    reply(res, 200, {
      FailedRecordCount: (upstream.FailedRecordCount ?? 0) + refusedCount,
      Records: records,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    heal: () => {
      healed = true;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
