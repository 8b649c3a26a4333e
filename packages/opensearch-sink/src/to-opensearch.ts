import { Observable, type OperatorFunction } from 'rxjs';
import { BulkWriter } from './bulk-writer.js';
import type { BulkWriterOptions } from './bulk-writer-options.js';
import type { BulkAck, IndexRequest } from './types.js';
import { resolveBulkWriterOptions } from './_internals/resolve-options.js';

/** Options of {@link toOpenSearch}: those of `BulkWriter` but `onAck` (acks are the output). */
export type ToOpenSearchOptions<T extends IndexRequest = IndexRequest> = Omit<
  BulkWriterOptions<T>,
  'onAck'
>;

/**
 * Writes each request through a `BulkWriter` (one per subscription) and emits one `BulkAck` per
 * request, in input order, once that request and all before it are settled, so the last ack
 * seen is a safe checkpoint. Completes after the source completes and everything is settled;
 * errors when the writer fails. A source error is forwarded after what was written is settled.
 * Unsubscribing closes the writer in the background: what was handed over is still written.
 *
 * RxJS cannot slow a hot source down, so requests the writer has no room for queue in memory;
 * pace the source (e.g. `concatMap` over pages) if it can outrun OpenSearch for long.
 *
 * @example
 * docs$.pipe(toOpenSearch({ client, onDeadLetter: (l) => log(l.error.message) }))
 *   .subscribe((ack) => checkpoint(ack.request));
 */
export function toOpenSearch<T extends IndexRequest>(
  options: ToOpenSearchOptions<T>,
): OperatorFunction<T, BulkAck<T>> {
  resolveBulkWriterOptions(options); // validate now, not at subscription
  return (source) =>
    new Observable<BulkAck<T>>((subscriber) => {
      const settled = new Map<number, BulkAck<T>>();
      let nextToEmit = 0;
      let emitting = false;
      const emitInOrder = () => {
        if (emitting) return; // re-entrant ack (a synchronous downstream writing back): outer loop emits it
        emitting = true;
        try {
          for (
            let ack = settled.get(nextToEmit);
            ack !== undefined;
            ack = settled.get(nextToEmit)
          ) {
            settled.delete(nextToEmit++);
            subscriber.next(ack);
          }
        } finally {
          emitting = false;
        }
      };
      const writer = new BulkWriter<T>({
        ...options,
        onAck: (ack, sequence) => {
          settled.set(sequence, ack);
          emitInOrder();
        },
        onError: (error) => {
          options.onError?.(error);
          subscriber.error(error);
        },
      });
      const upstream = source.subscribe({
        next: (request) => {
          writer.write(request).catch((error: Error) => subscriber.error(error));
        },
        error: (error: unknown) => {
          writer.close().then(
            () => subscriber.error(error),
            () => subscriber.error(error),
          );
        },
        complete: () => {
          writer.close().then(
            () => subscriber.complete(),
            (error: Error) => subscriber.error(error),
          );
        },
      });
      return () => {
        upstream.unsubscribe();
        writer.close().catch(() => {
          // Unsubscribed: nobody listens any more; the dead letter holds what failed.
        });
      };
    });
}
