import type { Client } from '@opensearch-project/opensearch';
import { ensureIndexTemplates } from '../ensure-index-templates.js';
import type { IndexTemplate } from '../types.js';
import { checkIndexMapping, templateFor } from './check-index-mapping.js';
import { withRetries, type RetryPolicy } from './retry.js';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * @internal Puts the templates once, then checks each index once, before the first batch that
 * writes into it. Results are memoised as promises, so concurrent batches wait on the same work
 * and a failure (e.g. `MappingConflictError`) fails every batch for that index.
 */
export class IndexBootstrap {
  private templatesReady: Promise<void> | undefined;
  private readonly checked = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly templates: readonly IndexTemplate[],
    private readonly retry: RetryPolicy,
    private readonly requestTimeoutMs: number,
    private readonly onRetry: () => void,
  ) {}

  ready(indices: Iterable<string>): Promise<void> {
    if (this.templates.length === 0) return RESOLVED;
    this.templatesReady ??= withRetries(
      'PUT /_index_template',
      this.retry,
      () =>
        ensureIndexTemplates(this.client, this.templates, {
          requestTimeoutMs: this.requestTimeoutMs,
          maxRetries: 0,
        }),
      this.onRetry,
    );
    const templatesReady = this.templatesReady;
    const checks = [...new Set(indices)].map((index) => {
      let check = this.checked.get(index);
      if (check === undefined) {
        const template = templateFor(index, this.templates);
        check =
          template === undefined
            ? templatesReady
            : templatesReady.then(() =>
                withRetries(
                  `GET /${index}/_mapping`,
                  this.retry,
                  () => checkIndexMapping(this.client, index, template, this.requestTimeoutMs),
                  this.onRetry,
                ),
              );
        this.checked.set(index, check);
      }
      return check;
    });
    return Promise.all(checks).then(() => undefined);
  }
}
