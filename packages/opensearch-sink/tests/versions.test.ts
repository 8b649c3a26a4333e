import { afterAll, describe, expect, it } from 'vitest';
import { BulkWriter, type BulkAck, type IndexRequest } from '../src/index.js';
import {
  allDocuments,
  deleteOwnIndices,
  opensearchUrl,
  uniqueIndex,
} from './helpers/opensearch.js';

const os = opensearchUrl();
afterAll(() => deleteOwnIndices(os));

describe('external versions', () => {
  it('never lets an older version of a document overwrite a newer one, whatever the arrival order', async () => {
    const index = uniqueIndex('versions');
    const acks: BulkAck<IndexRequest>[] = [];
    // One action per batch and several in flight: the updates of one id race each other.
    const writer = new BulkWriter({
      node: os,
      maxActions: 1,
      concurrency: 4,
      onAck: (a) => acks.push(a),
    });
    const doc = (v: number) => ({ index, id: 'window:1', document: { count: v }, version: v });
    for (const v of [1, 3, 2, 5, 4]) await writer.write(doc(v));
    await writer.write(doc(5)); // the same version again (a replay after a restart) is accepted
    await writer.close();
    const docs = await allDocuments(os, index);
    expect(docs.get('window:1')).toEqual({ count: 5 });
    const outcome = new Map(
      acks.map((a) => [`${a.request.version}:${acks.indexOf(a)}`, a.outcome]),
    );
    expect([...outcome.values()].filter((o) => o === 'dead_lettered')).toEqual([]);
    // Versions written after a higher one was indexed are superseded, not errors.
    expect(
      acks.filter((a) => a.outcome === 'superseded').every((a) => a.request.version! < 5),
    ).toBe(true);
  });

  it('refuses a version that is not a whole number >= 0, naming it', async () => {
    const index = uniqueIndex('bad-version');
    const letters: string[] = [];
    const writer = new BulkWriter({
      node: os,
      onDeadLetter: (l) => void letters.push(l.error.message),
    });
    await writer.write({ index, id: 'x', document: {}, version: -1 });
    await writer.close();
    expect(letters.join()).toMatch(/version must be a whole number >= 0, got -1/);
  });
});
