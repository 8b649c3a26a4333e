/**
 * An input sent a record, watermark or `active` status after its `end` event (or after the whole
 * combiner ended). An ended input's watermark no longer holds the output back, so anything it sends
 * afterwards could be silently late; this is reported instead.
 */
export class InputEndedError extends Error {
  override readonly name = 'InputEndedError';

  constructor(
    /** The input that had ended. */
    readonly input: string,
    /** The kind of the event that arrived after the end. */
    readonly eventKind: string,
  ) {
    super(`input ${JSON.stringify(input)} sent a ${eventKind} event after it ended`);
  }
}
