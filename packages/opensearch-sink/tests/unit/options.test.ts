import { describe, expect, it } from 'vitest';
import { Client } from '@opensearch-project/opensearch';
import {
  BulkWriter,
  createOpenSearchClient,
  InvalidOptionError,
  toOpenSearch,
  type BulkWriterOptions,
} from '../../src/index.js';

const client = new Client({ node: 'http://127.0.0.1:1' });

function optionError(f: () => unknown): InvalidOptionError {
  try {
    f();
  } catch (err) {
    if (err instanceof InvalidOptionError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('option validation at construction', () => {
  const cases: [string, Partial<BulkWriterOptions>][] = [
    ['maxActions', { maxActions: 0 }],
    ['maxActions', { maxActions: 1.5 }],
    ['maxBytes', { maxBytes: -1 }],
    ['flushIntervalMs', { flushIntervalMs: 0 }],
    ['concurrency', { concurrency: 0 }],
    ['requestTimeoutMs', { requestTimeoutMs: Number.NaN }],
    ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: -5 } }],
    ['retry.maxDelayMs', { retry: { baseDelayMs: 500, maxDelayMs: 100 } }],
    ['metricsIntervalMs', { metricsIntervalMs: 0 }],
    ['onDeadLetter', { onDeadLetter: 'file.jsonl' as never }],
    ['deadLetterFile', { deadLetterFile: '' }],
    [
      'indexTemplates[0].name',
      { indexTemplates: [{ name: 'a b', indexPatterns: ['a*'], mappings: {} }] },
    ],
    [
      'indexTemplates[0].indexPatterns',
      { indexTemplates: [{ name: 'a', indexPatterns: [], mappings: {} }] },
    ],
    [
      'indexTemplates[1].name',
      {
        indexTemplates: [
          { name: 'a', indexPatterns: ['a*'], mappings: {} },
          { name: 'a', indexPatterns: ['b*'], mappings: {} },
        ],
      },
    ],
    ['scheduler', { scheduler: {} as never }],
  ];
  it.each(cases)('names %s and the bad value', (option, bad) => {
    const err = optionError(() => new BulkWriter({ client, ...bad }));
    expect(err.option).toBe(option);
    expect(err.message).toContain(`invalid option ${option}`);
    // The operator validates when built, not when subscribed.
    expect(optionError(() => toOpenSearch({ client, ...bad })).option).toBe(option);
  });

  it('needs a client or a node, and validates node and sigv4 without connecting', () => {
    expect(optionError(() => new BulkWriter({})).option).toBe('client');
    expect(optionError(() => new BulkWriter({ node: 'ftp://x' })).option).toBe('node');
    expect(optionError(() => createOpenSearchClient({ node: [] })).option).toBe('node');
    expect(
      optionError(
        () =>
          new BulkWriter({
            node: 'https://x.example',
            sigv4: { region: 'eu-west-1', service: 'ec2' as never },
          }),
      ).option,
    ).toBe('sigv4.service');
  });

  it('refuses SigV4 over plain http except to a loopback host, and never echoes URL credentials', () => {
    const sigv4 = {
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    };
    const insecure = optionError(() =>
      createOpenSearchClient({ node: 'http://search.example.com', sigv4 }),
    );
    expect(insecure.option).toBe('node');
    expect(insecure.message).toMatch(/https:\/\/ URL when signing with SigV4/);
    for (const node of [
      'http://127.0.0.1:9200',
      'http://localhost:9200',
      'http://[::1]:9200',
      'https://search.example.com',
    ])
      expect(() => createOpenSearchClient({ node, sigv4 })).not.toThrow();
    expect(() => createOpenSearchClient({ node: 'http://search.example.com' })).not.toThrow();

    const leaky = optionError(() => createOpenSearchClient({ node: 'ftp://admin:PW123@host' }));
    expect(leaky.message).not.toContain('PW123');
    expect(leaky.message).toContain('ftp://***@host');
    const signed = optionError(() =>
      createOpenSearchClient({ node: 'http://admin:PW123@search.example.com', sigv4 }),
    );
    expect(signed.message).not.toContain('PW123');
  });

  it('lets an injected client win over node and sigv4', async () => {
    // sigv4 here would be invalid (no region anywhere), but it is ignored next to a client.
    const saved = [process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION];
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const writer = new BulkWriter({ client, node: 'not a url', sigv4: {} });
      await writer.close();
    } finally {
      if (saved[0] !== undefined) process.env.AWS_REGION = saved[0];
      if (saved[1] !== undefined) process.env.AWS_DEFAULT_REGION = saved[1];
    }
  });
});
