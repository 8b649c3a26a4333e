import { describe, expect, it } from 'vitest';
import { decodeLines, encode, type TripEvent } from '../src/index.js';

const trip = (id: number): TripEvent => ({
  type: 'trip',
  trip_id: id,
  pickup_datetime: '2015-01-01T00:00:00.000Z',
  dropoff_datetime: '2015-01-01T00:10:00.000Z',
  pickup_latitude: 40.7,
  pickup_longitude: -73.9,
  dropoff_latitude: 40.8,
  dropoff_longitude: -73.95,
});

/** Chunks of `perChunk` lines each, recording whether the input was closed. */
function input(ids: number[], perChunk: number) {
  const state = { closed: false, pulled: 0 };
  const chunks = (async function* () {
    try {
      for (let i = 0; i < ids.length; i += perChunk) {
        state.pulled++;
        yield ids
          .slice(i, i + perChunk)
          .map((id) => `${encode(trip(id))}\n`)
          .join('');
      }
    } finally {
      state.closed = true;
    }
  })();
  return { chunks, state };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

// decodeLines hands out events of a batch without a generator per event; these pin down that it
// still behaves like the async generator it was.
describe('decodeLines as an async generator', () => {
  it('serves calls made without awaiting, in order, across batches', async () => {
    const { chunks } = input(ids(7), 3);
    const events = decodeLines(chunks);
    const results = await Promise.all(Array.from({ length: 9 }, () => events.next()));
    expect(results.map((r) => (r.done ? 'done' : (r.value as TripEvent).trip_id))).toEqual([
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      'done',
      'done',
    ]);
  });

  it('is lazy, and return() closes the input and ends the iteration', async () => {
    const { chunks, state } = input(ids(9), 3);
    const events = decodeLines(chunks);
    expect(state.pulled).toBe(0);
    expect((await events.next()).value).toMatchObject({ trip_id: 1 });
    expect(await events.return()).toEqual({ value: undefined, done: true });
    expect(state.closed).toBe(true);
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  it('throw() closes the input and rejects with the error; a decode error ends it', async () => {
    const { chunks, state } = input(ids(4), 2);
    const events = decodeLines(chunks);
    await events.next();
    await expect(events.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(state.closed).toBe(true);

    const bad = decodeLines([`${encode(trip(1))}\nnot json\n${encode(trip(3))}\n`]);
    expect((await bad.next()).value).toMatchObject({ trip_id: 1 });
    await expect(bad.next()).rejects.toMatchObject({ name: 'SchemaError', lineNumber: 2 });
    expect(await bad.next()).toEqual({ value: undefined, done: true });
  });

  it('disposes with await using', async () => {
    const { chunks, state } = input(ids(4), 2);
    {
      await using events = decodeLines(chunks);
      await events.next();
    }
    expect(state.closed).toBe(true);
  });
});
