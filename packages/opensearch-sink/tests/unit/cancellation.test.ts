import { describe, expect, it } from 'vitest';
import { BulkWriter, WriterClosedError } from '../../src/index.js';

// No request is sent in these tests: a refused port shows that nothing needs a server.
const node = 'http://127.0.0.1:1';

describe('AbortSignal and Symbol.asyncDispose', () => {
  it('flush({ signal }) and close({ signal }) reject with the reason of an aborted signal', async () => {
    const writer = new BulkWriter({ node });
    const reason = new Error('caller gave up');
    await expect(writer.flush({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(writer.close({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    // The close went on regardless.
    await expect(writer.close()).resolves.toBeUndefined();
  });

  it('await using closes the writer at the end of the scope', async () => {
    let outer: BulkWriter | undefined;
    {
      await using writer = new BulkWriter({ node });
      outer = writer;
    }
    await expect(outer.write({ index: 'i', id: '1', document: {} })).rejects.toBeInstanceOf(
      WriterClosedError,
    );
  });
});
