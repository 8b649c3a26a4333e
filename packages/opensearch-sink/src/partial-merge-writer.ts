import type { Client } from '@opensearch-project/opensearch';
import { asapScheduler } from 'rxjs';
import { replaces } from './_internals/merge-part.js';
import { withRetries, type RetryPolicy } from './_internals/retry.js';
import { itemOutcome } from './_internals/send-bulk.js';
import { BulkItemError, InvalidOptionError } from './errors.js';
import { mergePartials, type StoredPart } from './merge-partials.js';
import type {
  PartialDocument,
  PartialMergeResult,
  PartialMergeSpec,
} from './partial-merge-types.js';

/** Options of {@link PartialMergeWriter}. */
export interface PartialMergeWriterOptions {
  /** Your client (e.g. from `createOpenSearchClient`); never closed here. Required. */
  readonly client: Client;
  /** How parts combine, per merged index name. Required; a write to another index is refused. */
  readonly specs: Readonly<Record<string, PartialMergeSpec>>;
  /** Index holding the parts of `index`'s documents. Default: `partials-<index>`. */
  readonly partialsIndexOf?: (index: string) => string;
  /** Sends of one request before giving up (connection errors, 429, 502-504). Default: 5. */
  readonly maxAttempts?: number;
  /** Read-modify-write rounds while other writers change the same documents. Default: 20. */
  readonly maxConflictRounds?: number;
  /** First retry delay cap, ms (full-jitter exponential backoff). Default: 200. */
  readonly baseDelayMs?: number;
  /** Largest retry delay cap, ms. Default: 10000. */
  readonly maxDelayMs?: number;
  /** Time one request may take, ms. Default: 30000. */
  readonly requestTimeoutMs?: number;
}

/** The partials document of one merged document. */
interface PartsSource {
  base: Record<string, unknown>;
  parts: Record<string, StoredPart>;
}

interface Target {
  index: string;
  id: string;
  partialsIndex: string;
  base: Record<string, unknown>;
  /** The newest contribution per part in this call. */
  next: Map<string, StoredPart>;
  /** The partials document's `_version` the merge is derived from, and its parts. */
  version?: number;
  source?: PartsSource;
}

/**
 * Writes per-contributor partial aggregates so the merged documents are exact and idempotent
 * whatever the order, repetition or concurrency of the writers, on any OpenSearch (no scripts):
 *
 * 1. the partials document of each merged document is read, this call's contributions are *set*
 *    into it (a replay, or a zombie's older contribution, changes nothing) and it is written back
 *    on condition that nobody changed it meanwhile (`if_seq_no` / `if_primary_term`, or `create`);
 *    a conflict reads and tries again;
 * 2. the merged document, derived from all stored parts, is indexed with the partials document's
 *    `_version` as its external version (`external_gte`): a merge computed from older parts can
 *    never overwrite a newer one, and writing the same merge again is harmless.
 *
 * A crash between the steps is repaired by sending the part again (step 1 is then a no-op, step 2
 * still runs). Failures throw; nothing is dropped silently.
 */
export class PartialMergeWriter {
  readonly #client: Client;
  readonly #specs: Readonly<Record<string, PartialMergeSpec>>;
  readonly #partialsIndexOf: (index: string) => string;
  readonly #policy: RetryPolicy;
  readonly #rounds: number;
  readonly #timeout: number;

  constructor(options: PartialMergeWriterOptions) {
    if (options?.client?.transport === undefined) {
      throw new InvalidOptionError('client', options?.client, 'an OpenSearch Client');
    }
    if (options.specs === null || typeof options.specs !== 'object') {
      throw new InvalidOptionError('specs', options.specs, 'PartialMergeSpec by index name');
    }
    this.#client = options.client;
    this.#specs = options.specs;
    this.#partialsIndexOf = options.partialsIndexOf ?? ((index) => `partials-${index}`);
    this.#policy = {
      maxAttempts: options.maxAttempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 10_000,
      random: Math.random,
      scheduler: asapScheduler,
    };
    this.#rounds = options.maxConflictRounds ?? 20;
    this.#timeout = options.requestTimeoutMs ?? 30_000;
  }

  /**
   * Creates the partials indices unless they exist. Their documents are stored, not indexed
   * (`enabled: false`): one field per part would grow the mapping with every contributor.
   */
  async ensurePartialsIndices(): Promise<void> {
    for (const index of Object.keys(this.#specs)) {
      const name = this.#partialsIndexOf(index);
      await withRetries(`PUT /${name}`, this.#policy, async () => {
        try {
          await this.#request('PUT', `/${encodeURIComponent(name)}`, {
            body: { mappings: { enabled: false } },
          });
        } catch (err) {
          const type = (err as { body?: { error?: { type?: string } } }).body?.error?.type;
          if (type !== 'resource_already_exists_exception') throw err;
        }
      });
    }
  }

  /** Stores the parts, then writes the merged documents they belong to. */
  async write(partials: readonly PartialDocument[]): Promise<PartialMergeResult> {
    const targets = this.#targets(partials);
    let partsStored = 0;
    let partsUnchanged = 0;
    let pending = [...targets.values()];
    for (let round = 1; pending.length > 0; round++) {
      if (round > this.#rounds) {
        const t = pending[0];
        throw new BulkItemError(
          t.partialsIndex,
          t.id,
          409,
          'version_conflict_engine_exception',
          `still conflicting after ${this.#rounds} read-modify-write rounds`,
          this.#rounds,
        );
      }
      const current = await this.#read(pending);
      const writes: { target: Target; source: PartsSource; changed: number }[] = [];
      const lines: unknown[] = [];
      pending.forEach((t, i) => {
        const doc = current[i];
        const parts = { ...(doc.source?.parts ?? {}) };
        let changed = 0;
        for (const [name, part] of t.next) {
          if (replaces(parts[name], part)) {
            parts[name] = part;
            changed++;
          }
        }
        if (changed === 0 && doc.found) {
          partsUnchanged += t.next.size;
          t.version = doc.version;
          t.source = doc.source;
          return;
        }
        const source: PartsSource = { base: t.base, parts };
        writes.push({ target: t, source, changed });
        lines.push(
          doc.found
            ? {
                index: {
                  _index: t.partialsIndex,
                  _id: t.id,
                  if_seq_no: doc.seqNo,
                  if_primary_term: doc.primaryTerm,
                },
              }
            : { create: { _index: t.partialsIndex, _id: t.id } },
          source,
        );
      });
      const retry: Target[] = [];
      if (writes.length > 0) {
        const items = await this.#bulk(
          lines,
          writes.length,
          'errors,items.*.status,items.*.error,items.*._version',
        );
        items.forEach((raw, i) => {
          const w = writes[i];
          const outcome = itemOutcome(raw);
          if (outcome.status === 409) return void retry.push(w.target);
          if (outcome.error) {
            throw new BulkItemError(
              w.target.partialsIndex,
              w.target.id,
              outcome.status,
              outcome.error.type,
              outcome.error.reason,
              1,
            );
          }
          partsStored += w.changed;
          partsUnchanged += w.target.next.size - w.changed;
          w.target.version = (Object.values(raw as object)[0] as { _version: number })._version;
          w.target.source = w.source;
        });
      }
      pending = retry;
    }
    return { partsStored, partsUnchanged, ...(await this.#writeMerged([...targets.values()])) };
  }

  #targets(partials: readonly PartialDocument[]): Map<string, Target> {
    const targets = new Map<string, Target>();
    for (const p of partials) {
      const spec = this.#specs[p.index];
      if (spec === undefined) {
        throw new InvalidOptionError(
          'index',
          p.index,
          `one of ${Object.keys(this.#specs).join(', ')}`,
        );
      }
      if (typeof p.progress !== 'string' || !/^\d+$/.test(p.progress)) {
        throw new InvalidOptionError('progress', p.progress, 'a decimal number as a string');
      }
      const values: Record<string, number> = {};
      const base: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(p.document)) {
        if (spec.sum.includes(k)) values[k] = v as number;
        else if (!spec.ratios?.some((r) => r.field === k)) base[k] = v;
      }
      const key = `${p.index}\u0000${p.id}`;
      let t = targets.get(key);
      if (!t) {
        t = {
          index: p.index,
          id: p.id,
          partialsIndex: this.#partialsIndexOf(p.index),
          base,
          next: new Map(),
        };
        targets.set(key, t);
      }
      const part = { progress: p.progress, values };
      if (replaces(t.next.get(p.part), part)) t.next.set(p.part, part);
    }
    return targets;
  }

  async #read(targets: readonly Target[]) {
    const res = await withRetries('POST /_mget', this.#policy, () =>
      this.#request('POST', '/_mget', {
        body: { docs: targets.map((t) => ({ _index: t.partialsIndex, _id: t.id })) },
      }),
    );
    const docs = (res as { docs: any[] }).docs;
    return docs.map((d, i) => {
      if (d.error) {
        throw new BulkItemError(
          targets[i].partialsIndex,
          targets[i].id,
          0,
          String(d.error.type),
          String(d.error.reason),
          1,
        );
      }
      return {
        found: d.found === true,
        seqNo: d._seq_no as number,
        primaryTerm: d._primary_term as number,
        version: d._version as number,
        source: d._source as PartsSource | undefined,
      };
    });
  }

  async #writeMerged(targets: readonly Target[]) {
    const merged: Target[] = [];
    const lines: unknown[] = [];
    let belowMinimum = 0;
    for (const t of targets) {
      const doc = mergePartials(this.#specs[t.index], t.source!.base, t.source!.parts);
      if (doc === undefined) {
        belowMinimum++;
        continue;
      }
      merged.push(t);
      lines.push(
        { index: { _index: t.index, _id: t.id, version: t.version, version_type: 'external_gte' } },
        doc,
      );
    }
    let superseded = 0;
    if (merged.length > 0) {
      const items = await this.#bulk(lines, merged.length, 'errors,items.*.status,items.*.error');
      items.forEach((raw, i) => {
        const outcome = itemOutcome(raw);
        if (outcome.status === 409) superseded++;
        else if (outcome.error) {
          throw new BulkItemError(
            merged[i].index,
            merged[i].id,
            outcome.status,
            outcome.error.type,
            outcome.error.reason,
            1,
          );
        }
      });
    }
    return { merged: merged.length - superseded, superseded, belowMinimum };
  }

  /** One bulk request, sent again whole while it or any of its items fails retryably. */
  async #bulk(lines: readonly unknown[], actions: number, filterPath: string): Promise<unknown[]> {
    const bulkBody = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    return withRetries('POST /_bulk', this.#policy, async () => {
      const body = await this.#request('POST', '/_bulk', {
        bulkBody,
        querystring: { filter_path: filterPath },
      });
      const items = (body as { items?: unknown[] } | undefined)?.items;
      if (!Array.isArray(items) || items.length !== actions) {
        throw Object.assign(
          new Error(`bulk response lists ${items?.length ?? 'no'} items for ${actions} actions`),
          {
            name: 'DeserializationError',
          },
        );
      }
      // Items refused for load (429/503): resending the whole request is safe, as every action
      // here is conditional or versioned.
      if (items.some((it) => itemOutcome(it).retryable)) {
        throw Object.assign(new Error('bulk items rejected for load'), {
          name: 'ResponseError',
          statusCode: 429,
        });
      }
      return items;
    });
  }

  async #request(method: string, path: string, params: Record<string, unknown>): Promise<unknown> {
    const res = await this.#client.transport.request(
      { method, path, ...params },
      { maxRetries: 0, requestTimeout: this.#timeout },
    );
    return res.body;
  }
}
