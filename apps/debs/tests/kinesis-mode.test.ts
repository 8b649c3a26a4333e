import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { captureIo, createStream, kinesaliteClient } from '@tripstream/test-support';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { encode, END_OF_STREAM_WATERMARK, type TripEvent } from '@tripstream/trip-schema';
import { main } from '../src/cli.js';
import { expectedLines, loadTrips, withoutDelay } from './helpers.js';

const stack = inject('stack');
// With the SDK's retries: the puts are the test's set-up, not what it checks.
const kinesis = kinesaliteClient(stack.kinesis!, 3);
afterAll(() => kinesis.destroy());

/** One shard, records put in order, 500 per call, one after the other, then end of stream. */
async function fill(stream: string, trips: readonly TripEvent[]) {
  await createStream(kinesis, stream, 1);
  const data = [...trips.map(encode), encode(END_OF_STREAM_WATERMARK)];
  for (let i = 0; i < data.length; i += 500) {
    const out = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: data.slice(i, i + 500).map((d) => ({
          Data: new TextEncoder().encode(d),
          PartitionKey: 'trips',
        })),
      }),
    );
    expect(out.FailedRecordCount ?? 0).toBe(0);
  }
}

describe('debs, Kinesis mode, on kinesalite', () => {
  it.each([1, 2] as const)(
    'query %i reads the stream to its end-of-stream watermark and writes the file-mode lines',
    async (query) => {
      const trips = loadTrips('medium').slice(0, 2500);
      const stream = `debs-q${query}`;
      await fill(stream, trips);
      const c = captureIo();
      const code = await main(
        [
          '--query',
          String(query),
          '--stream',
          stream,
          '--kinesis-endpoint',
          stack.kinesis!,
          '--exit-at-end',
          '--read-calls-per-shard',
          '50',
        ],
        c.io,
      );
      expect(code, c.err()).toBe(0);
      const { lines } = withoutDelay(c.out());
      expect(lines).toEqual(expectedLines(query, trips));
      expect(lines.length).toBeGreaterThan(10);
      expect(c.err()).toMatch(new RegExp(`query ${query}: 2500 trips`));
    },
  );

  it('without --exit-at-end it runs until its signal aborts, then stops cleanly with the summary', async () => {
    const trips = loadTrips('medium').slice(0, 1000);
    await fill('debs-signal', trips);
    const c = captureIo();
    const controller = new AbortController();
    const running = main(
      [
        '--query',
        '1',
        '--stream',
        'debs-signal',
        '--kinesis-endpoint',
        stack.kinesis!,
        '--read-calls-per-shard',
        '50',
      ],
      c.io,
      controller.signal,
    );
    // Every trip is in once the lines match; the end-of-stream watermark is ignored without
    // --exit-at-end, so only the signal ends the run.
    const want = expectedLines(1, trips);
    for (let i = 0; i < 300 && withoutDelay(c.out()).lines.length < want.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    controller.abort(new Error('SIGTERM'));
    expect(await running, c.err()).toBe(0);
    expect(withoutDelay(c.out()).lines).toEqual(want);
    expect(c.err()).toMatch(/query 1: 1000 trips/);
  });
});
