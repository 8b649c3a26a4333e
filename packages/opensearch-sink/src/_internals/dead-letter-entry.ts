import type { DeadLetter, IndexRequest } from '../types.js';

/**
 * @internal A dead letter as one line of the `deadLetterPath` file:
 * `{ time, index, id, status, type, reason, attempts, document }`. A document that JSON refuses
 * (a BigInt, a cycle: often why it was refused) is written as its `String()` by the file.
 */
export function deadLetterEntry(letter: DeadLetter<IndexRequest>): object {
  const { request, error, time } = letter;
  return {
    time: new Date(time).toISOString(),
    index: request.index,
    id: request.id,
    status: error.status,
    type: error.type,
    reason: error.reason,
    attempts: error.attempts,
    document: request.document,
  };
}
