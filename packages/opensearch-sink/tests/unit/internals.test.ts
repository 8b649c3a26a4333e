import fc from 'fast-check';
import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { backoffDelay, type RetryPolicy } from '../../src/_internals/retry.js';
import { itemOutcome } from '../../src/_internals/send-bulk.js';
import {
  diffMappings,
  matchesPattern,
  templateFor,
} from '../../src/_internals/check-index-mapping.js';
import { describeFailure, errorOfBody, toPublicError } from '../../src/_internals/failure.js';
import {
  AccessDeniedError,
  OpenSearchRequestError,
  OpenSearchUnavailableError,
} from '../../src/index.js';

const policy = (random: () => number, over: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 10,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  random,
  scheduler: asyncScheduler,
  ...over,
});

describe('backoffDelay (full jitter)', () => {
  it('draws from [0, min(max, base * 2^(attempt-1)))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (attempt, r, base, extra) => {
          const p = policy(() => r, { baseDelayMs: base, maxDelayMs: base + extra });
          const cap = Math.min(base + extra, base * 2 ** (attempt - 1));
          const d = backoffDelay(attempt, p);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(cap);
          if (cap > 0) expect(d).toBeLessThan(cap);
        },
      ),
    );
  });

  it('doubles the cap per attempt up to maxDelayMs', () => {
    const almostOne = policy(() => 0.999999);
    expect([1, 2, 3, 4, 8, 9, 20].map((a) => backoffDelay(a, almostOne))).toEqual([
      99, 199, 399, 799, 9_999, 9_999, 9_999,
    ]);
    expect(
      backoffDelay(
        7,
        policy(() => 0),
      ),
    ).toBe(0);
  });
});

describe('bulk item classification', () => {
  it('retries only 429, 503 and rejected-execution items', () => {
    expect(itemOutcome({ index: { status: 201 } })).toEqual({ status: 201, retryable: false });
    expect(
      itemOutcome({
        index: {
          status: 429,
          error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
        },
      }).retryable,
    ).toBe(true);
    expect(
      itemOutcome({
        index: { status: 503, error: { type: 'unavailable_shards_exception', reason: 'x' } },
      }).retryable,
    ).toBe(true);
    expect(
      itemOutcome({
        create: { status: 500, error: { type: 'es_rejected_execution_exception', reason: 'x' } },
      }).retryable,
    ).toBe(true);
    const parse = itemOutcome({
      index: {
        status: 400,
        error: {
          type: 'mapper_parsing_exception',
          reason: 'failed to parse field [n]',
          caused_by: { type: 'number_format_exception', reason: 'For input string: "x"' },
        },
      },
    });
    expect(parse.retryable).toBe(false);
    expect(parse.error?.type).toBe('mapper_parsing_exception');
    expect(parse.error?.reason).toContain('number_format_exception');
    expect(
      itemOutcome({
        index: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'x' } },
      }).retryable,
    ).toBe(false);
  });
});

describe('request failure classification', () => {
  const responseError = (statusCode: number, body: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error('Response Error'), {
      name: 'ResponseError',
      statusCode,
      body,
      meta: { statusCode, body, headers },
    });

  it('retries connection errors, timeouts, 429 and 502-504 only', () => {
    for (const name of ['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError']) {
      expect(describeFailure(Object.assign(new Error('x'), { name })).retryable).toBe(true);
    }
    for (const s of [429, 502, 503, 504])
      expect(describeFailure(responseError(s, {})).retryable).toBe(true);
    for (const s of [400, 401, 403, 404, 413, 500])
      expect(describeFailure(responseError(s, {})).retryable).toBe(false);
    expect(describeFailure(new TypeError('bug')).retryable).toBe(false);
  });

  it('maps final failures to the public error classes without the request', () => {
    const denied = toPublicError(
      responseError(
        403,
        { message: 'The request signature we calculated does not match' },
        { 'x-amzn-errortype': 'InvalidSignatureException:http://x/' },
      ),
      'POST /_bulk',
      1,
    );
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect(denied).toMatchObject({ statusCode: 403, type: 'InvalidSignatureException' });
    expect(denied.message).toContain('signature we calculated');
    expect((denied.cause as Error & { meta?: unknown }).meta).toBeUndefined();
    const bad = toPublicError(
      responseError(400, { error: { type: 'illegal_argument_exception', reason: 'nope' } }),
      'PUT /x',
      1,
    );
    expect(bad).toBeInstanceOf(OpenSearchRequestError);
    expect(bad).not.toBeInstanceOf(AccessDeniedError);
    const gone = toPublicError(
      Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' }),
      'POST /_bulk',
      7,
    );
    expect(gone).toBeInstanceOf(OpenSearchUnavailableError);
    expect(gone).toMatchObject({ attempts: 7, statusCode: undefined });
  });

  it('reads OpenSearch, AWS and plain-text error bodies', () => {
    expect(errorOfBody({ error: { type: 't', reason: 'r' } })).toEqual({ type: 't', reason: 'r' });
    expect(
      errorOfBody({ message: 'm' }, { 'x-amzn-errortype': 'AccessDeniedException:http://x' }),
    ).toEqual({ type: 'AccessDeniedException', reason: 'm' });
    expect(errorOfBody('Bad Gateway')).toEqual({ type: 'unknown', reason: 'Bad Gateway' });
  });
});

describe('mapping checks', () => {
  it('matches index patterns with * only', () => {
    expect(matchesPattern('rides*', 'rides-2024')).toBe(true);
    expect(matchesPattern('rides*', 'xrides')).toBe(false);
    expect(matchesPattern('a.b*', 'aXb')).toBe(false);
    expect(matchesPattern('*-daily', 'x-daily')).toBe(true);
  });

  it('picks the highest-priority matching template', () => {
    const m = { properties: {} };
    const ts = [
      { name: 'low', indexPatterns: ['r*'], mappings: m },
      { name: 'high', indexPatterns: ['rides*'], mappings: m, priority: 5 },
      { name: 'other', indexPatterns: ['x*'], mappings: m, priority: 9 },
    ];
    expect(templateFor('rides-1', ts)?.name).toBe('high');
    expect(templateFor('rx', ts)?.name).toBe('low');
    expect(templateFor('zz', ts)).toBeUndefined();
  });

  it('reports type conflicts (nested too) and collects missing fields', () => {
    const wanted = {
      location: { type: 'geo_point' },
      count: { type: 'long' },
      at: { type: 'date', format: 'epoch_millis' },
      trip: { properties: { from: { type: 'geo_point' }, to: { type: 'geo_point' } } },
      extra: { type: 'keyword' },
    };
    const actual = {
      location: { type: 'keyword' },
      count: { type: 'long' },
      at: { type: 'date' },
      trip: { properties: { from: { type: 'text' } } },
    };
    const { conflicts, missing } = diffMappings(wanted, actual);
    expect(conflicts).toEqual([
      { field: 'location', expected: 'geo_point', actual: 'keyword' },
      {
        field: 'at',
        expected: 'date (format epoch_millis)',
        actual: 'date (format strict_date_optional_time||epoch_millis)',
      },
      { field: 'trip.from', expected: 'geo_point', actual: 'text' },
    ]);
    expect(missing).toEqual({
      trip: { properties: { to: { type: 'geo_point' } } },
      extra: { type: 'keyword' },
    });
    expect(diffMappings(wanted, wanted)).toEqual({ conflicts: [], missing: {} });
  });
});
