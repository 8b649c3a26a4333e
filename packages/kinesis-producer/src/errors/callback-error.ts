/** A callback given as an option threw; the producer fails with this error. */
export class CallbackError extends Error {
  override readonly name = 'CallbackError';
  /** The option whose function threw, e.g. `onAcknowledge` or `watermark.encode`. */
  readonly callback: string;

  constructor(callback: string, cause: unknown) {
    super(`${callback} threw: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.callback = callback;
  }
}
