import { startHttpProxy, type Exchange } from './http-proxy.js';

/** One call as the proxy saw it. */
export interface KinesisCall {
  /** The operation, from `X-Amz-Target`, e.g. `GetRecords`. */
  readonly operation: string;
  /** The JSON request body (`{}` for CBOR or an empty body). */
  readonly input: Record<string, unknown>;
  /** Date.now() when it arrived (for logs; verdicts use the code under test's clock). */
  readonly at: number;
  /** 1 for the first call of its operation, 2 for the second... */
  readonly nth: number;
  /** The error type the proxy answered it with, if it did. */
  injected?: string;
}

/** What a PutRecords entry gets instead of being written. */
export type EntryFault = 'throttle' | 'internal';

/** What the proxy does to one call. */
export type KinesisFault =
  | { readonly kind: 'forward' }
  /** Answer with this Kinesis error, unforwarded (like the service: status and `__type`). */
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly type: string;
      readonly message?: string;
    }
  /**
   * PutRecords: the entries `entries` picks are answered with a per-entry error and never written;
   * the others are forwarded and the refusals spliced back at their positions. With `loseAnswer`
   * the forwarded part is written but the connection is reset instead of answered.
   */
  | {
      readonly kind: 'put-some';
      readonly entries: (entry: PutRecordsEntry, index: number) => EntryFault | undefined;
      readonly loseAnswer?: boolean;
    }
  /** Forward, then reset the connection instead of answering (the call did happen). */
  | { readonly kind: 'lose-answer' }
  /** ListShards in pages of this many shards (kinesalite does not paginate). */
  | { readonly kind: 'page-shards'; readonly pageSize: number };

/**
 * Decides per call. A string is short for a 400 error of that type (e.g.
 * `'ProvisionedThroughputExceededException'`), `undefined` for forwarding.
 */
export type KinesisPlan = (
  call: KinesisCall,
  calls: readonly KinesisCall[],
) => KinesisFault | string | undefined | Promise<KinesisFault | string | undefined>;

export interface PutRecordsEntry {
  Data: string;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

export interface KinesisFaultStats {
  /** Calls per operation. */
  calls: Record<string, number>;
  /** Calls answered `ProvisionedThroughputExceededException` whole. */
  throttledCalls: number;
  /** Calls answered with any other injected error. */
  failedCalls: number;
  /** Calls, throttled and failed calls per operation. */
  byOperation: Record<string, { calls: number; throttled: number; failed: number }>;
  /** PutRecords calls of which some entries were refused. */
  partialCalls: number;
  throttledEntries: number;
  internalFailureEntries: number;
  lostAnswers: number;
  /** Entries written in calls whose answer was lost. */
  lostAnswerEntries: number;
  listShardsPages: number;
}

export interface KinesisFaultProxy {
  readonly endpoint: string;
  /** Replaceable at any time; the default forwards everything. */
  plan: KinesisPlan;
  /** Every call, in arrival order (clear with `calls.length = 0`). */
  readonly calls: KinesisCall[];
  readonly stats: KinesisFaultStats;
  /** Stops injecting faults: the plan is replaced by forwarding. */
  heal(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';
const THROTTLED = 'ProvisionedThroughputExceededException';
const ENTRY_ERRORS: Record<EntryFault, { ErrorCode: string; ErrorMessage: string }> = {
  throttle: { ErrorCode: THROTTLED, ErrorMessage: 'Rate exceeded for shard (injected)' },
  internal: { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure (injected)' },
};

/**
 * A proxy in front of kinesalite that makes Kinesis misbehave as `plan` says. A refused call or
 * entry is never forwarded (like real Kinesis, a failed entry is not written), so counts downstream
 * stay exact; only `lose-answer` writes without telling, as the network may.
 */
export async function startKinesisFaultProxy(
  target: string,
  plan: KinesisPlan = () => undefined,
): Promise<KinesisFaultProxy> {
  const stats: KinesisFaultStats = {
    calls: {},
    throttledCalls: 0,
    failedCalls: 0,
    byOperation: {},
    partialCalls: 0,
    throttledEntries: 0,
    internalFailureEntries: 0,
    lostAnswers: 0,
    lostAnswerEntries: 0,
    listShardsPages: 0,
  };
  const reply = (x: Exchange, status: number, json: unknown) =>
    x.replyJson(status, json, JSON_TYPE);

  const handle = async (x: Exchange) => {
    const operation = String(x.req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(x.body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      // CBOR: forwarded as is.
    }
    stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
    const op = (stats.byOperation[operation] ??= { calls: 0, throttled: 0, failed: 0 });
    op.calls++;
    const call: KinesisCall = { operation, input, at: Date.now(), nth: op.calls };
    proxy.calls.push(call);
    const decided = await proxy.plan(call, proxy.calls);
    const fault: KinesisFault =
      typeof decided === 'string'
        ? { kind: 'error', status: 400, type: decided }
        : (decided ?? { kind: 'forward' });
    switch (fault.kind) {
      case 'forward':
        return x.relay(await x.forward());
      case 'error':
        call.injected = fault.type;
        if (fault.type === THROTTLED) {
          stats.throttledCalls++;
          op.throttled++;
        } else {
          stats.failedCalls++;
          op.failed++;
        }
        return reply(x, fault.status, {
          __type: fault.type,
          message: fault.message ?? `injected ${fault.type}`,
        });
      case 'lose-answer':
        await x.forward();
        stats.lostAnswers++;
        return x.reset();
      case 'page-shards':
        return listShardsPage(x, input, fault.pageSize);
      case 'put-some':
        return putSome(x, input as { Records: PutRecordsEntry[] }, fault);
    }
  };

  /** Forwards only the entries not refused; splices the refusals back in order. */
  const putSome = async (
    x: Exchange,
    input: { Records: PutRecordsEntry[] },
    fault: Extract<KinesisFault, { kind: 'put-some' }>,
  ) => {
    const verdicts = input.Records.map((entry, i) => fault.entries(entry, i));
    const kept = input.Records.filter((_, i) => verdicts[i] === undefined);
    let written: { FailedRecordCount?: number; Records: unknown[] } = { Records: [] };
    if (kept.length > 0) {
      const answer = await x.forward(Buffer.from(JSON.stringify({ ...input, Records: kept })));
      if (answer.status !== 200) return x.relay(answer);
      written = JSON.parse(answer.body.toString('utf8')) as typeof written;
    }
    if (fault.loseAnswer) {
      stats.lostAnswers++;
      stats.lostAnswerEntries += kept.length;
      return x.reset();
    }
    const refused = input.Records.length - kept.length;
    if (refused > 0) stats.partialCalls++;
    let next = 0;
    const records = verdicts.map((v) => {
      if (v === undefined) return written.Records[next++];
      if (v === 'throttle') stats.throttledEntries++;
      else stats.internalFailureEntries++;
      return ENTRY_ERRORS[v];
    });
    reply(x, 200, {
      FailedRecordCount: (written.FailedRecordCount ?? 0) + refused,
      Records: records,
    });
  };

  const listShardsPage = async (x: Exchange, input: Record<string, unknown>, pageSize: number) => {
    stats.listShardsPages++;
    let streamName = input.StreamName as string | undefined;
    let offset = 0;
    if (typeof input.NextToken === 'string') {
      const [name, at] = Buffer.from(input.NextToken, 'base64url').toString('utf8').split('\n');
      streamName = name;
      offset = Number(at);
    }
    const answer = await x.forward(Buffer.from(JSON.stringify({ StreamName: streamName })));
    if (answer.status !== 200) return x.relay(answer);
    const all = (JSON.parse(answer.body.toString('utf8')) as { Shards: unknown[] }).Shards;
    const next = offset + pageSize;
    reply(x, 200, {
      Shards: all.slice(offset, next),
      ...(next < all.length && {
        NextToken: Buffer.from(`${streamName}\n${next}`).toString('base64url'),
      }),
    });
  };

  const server = await startHttpProxy({ target, handle, maxSockets: 32 });
  const proxy: KinesisFaultProxy = {
    endpoint: server.endpoint,
    plan,
    calls: [],
    stats,
    heal: () => {
      proxy.plan = () => undefined;
    },
    close: () => server.close(),
  };
  return proxy;
}
