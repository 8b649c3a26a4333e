import { describe, expect, it } from 'vitest';
import { END, EventQueue } from '../../src/_internals/event-queue.js';

describe('EventQueue', () => {
  it('empty: a closed empty queue yields END, repeatedly', async () => {
    const q = new EventQueue<string>(10);
    q.close();
    await expect(q.take()).resolves.toBe(END);
    await expect(q.take()).resolves.toBe(END);
  });

  it('never: a take waits until something is pushed; FIFO across waiting takers', async () => {
    const q = new EventQueue<string>(10);
    const a = q.take();
    const b = q.take();
    let settled = false;
    void a.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    q.push('x');
    q.push('y');
    await expect(a).resolves.toBe('x');
    await expect(b).resolves.toBe('y');
  });

  it('close: held items are drained before END', async () => {
    const q = new EventQueue<string>(10);
    q.push('a', 1);
    q.close();
    q.push('ignored');
    await expect(q.take()).resolves.toBe('a');
    await expect(q.take()).resolves.toBe(END);
  });

  it('error: fail drops held items and rejects pending and later takes', async () => {
    const q = new EventQueue<string>(10);
    const pending = q.take();
    q.fail(new Error('boom'));
    await expect(pending).rejects.toThrow('boom');
    q.push('late');
    await expect(q.take()).rejects.toThrow('boom');
  });

  it('clear (stop): held items are dropped and takes end at once', async () => {
    const q = new EventQueue<string>(10);
    q.push('a', 3);
    q.clear();
    expect(q.bufferedRecords).toBe(0);
    await expect(q.take()).resolves.toBe(END);
  });

  it('backpressure: waitForRoom blocks at capacity and resumes once records are taken', async () => {
    const q = new EventQueue<string>(5);
    q.push('a', 3);
    q.push('b', 3);
    const signal = new AbortController().signal;
    let roomy = false;
    const room = q.waitForRoom(signal).then(() => (roomy = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(roomy).toBe(false);
    await q.take();
    await room;
    expect(q.bufferedRecords).toBe(3);
  });

  it('unsubscribe early: an aborted signal releases a room waiter', async () => {
    const q = new EventQueue<string>(1);
    q.push('a', 1);
    const ac = new AbortController();
    const room = q.waitForRoom(ac.signal);
    ac.abort();
    await expect(room).resolves.toBeUndefined();
  });

  it('re-entrancy: a woken room waiter may push and wait again', async () => {
    const q = new EventQueue<number>(2);
    const signal = new AbortController().signal;
    q.push(0, 2);
    const order: number[] = [];
    const producer = (async () => {
      for (let i = 1; i <= 3; i++) {
        await q.waitForRoom(signal);
        q.push(i, 2);
      }
      q.close();
    })();
    for (;;) {
      const v = await q.take();
      if (v === END) break;
      order.push(v);
    }
    await producer;
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('compacts its storage without losing order', async () => {
    const q = new EventQueue<number>(Infinity);
    for (let i = 0; i < 5_000; i++) q.push(i, 1);
    const out: number[] = [];
    for (let i = 0; i < 3_000; i++) out.push((await q.take()) as number);
    for (let i = 5_000; i < 6_000; i++) q.push(i, 1);
    q.close();
    for (;;) {
      const v = await q.take();
      if (v === END) break;
      out.push(v);
    }
    expect(out).toEqual(Array.from({ length: 6_000 }, (_, i) => i));
  });
});
