/** `put()` after `close()` or `destroy()`. */
export class ProducerClosedError extends Error {
  override readonly name = 'ProducerClosedError';

  constructor(operation: string) {
    super(`Cannot ${operation}: the producer is closed`);
  }
}
