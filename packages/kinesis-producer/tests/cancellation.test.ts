import { describe, expect, it } from 'vitest';
import { KinesisProducer, ProducerClosedError } from '../src/index.js';
import { createStream, kinesisClient, readStream, uniqueStreamName } from './support/kinesis.js';

const client = kinesisClient();

describe('AbortSignal and Symbol.asyncDispose', () => {
  it('an aborted flush() rejects with the reason, and the records are still written', async () => {
    const streamName = uniqueStreamName('abort');
    await createStream(client, streamName, 1);
    const producer = new KinesisProducer({ client, streamName, batch: { lingerMs: 60_000 } });
    await producer.put({ data: 'a', partitionKey: 'k' });
    const reason = new Error('caller gave up');
    await expect(producer.flush({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    // Aborting stopped the waiting only: close() still writes the record.
    await producer.close();
    const records = [...(await readStream(client, streamName)).values()].flat();
    expect(records.map((r) => new TextDecoder().decode(r.data))).toEqual(['a']);
  });

  it('close({ signal }) rejects when the signal aborts first; a later close() settles', async () => {
    const streamName = uniqueStreamName('abort-close');
    await createStream(client, streamName, 1);
    const producer = new KinesisProducer({ client, streamName });
    await producer.put({ data: 'b', partitionKey: 'k' });
    const controller = new AbortController();
    const closing = producer.close({ signal: controller.signal });
    controller.abort();
    await expect(closing).rejects.toMatchObject({ name: 'AbortError' });
    await expect(producer.close()).resolves.toBeUndefined();
  });

  it('await using closes the producer at the end of the scope', async () => {
    const streamName = uniqueStreamName('dispose');
    await createStream(client, streamName, 1);
    let outer: KinesisProducer | undefined;
    {
      await using producer = new KinesisProducer({ client, streamName });
      outer = producer;
      await producer.put({ data: 'c', partitionKey: 'k' });
    }
    await expect(outer.put({ data: 'd', partitionKey: 'k' })).rejects.toBeInstanceOf(
      ProducerClosedError,
    );
    const records = [...(await readStream(client, streamName)).values()].flat();
    expect(records.map((r) => new TextDecoder().decode(r.data))).toEqual(['c']);
  });
});
