import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  runWindowOperator,
  WindowOperator,
  type LateRecord,
  type StreamEvent,
  type WindowAssigner,
} from '../src/index.js';
import {
  assignerArbitrary,
  batchReference,
  sessionArbitrary,
  slidingArbitrary,
  tumblingArbitrary,
} from './support/assigners.js';
import {
  entries,
  finalTable,
  lateIdsOf,
  recorder,
  resultsOf,
  summaryAggregate,
  watermarkAtArrival,
  type Emission,
  type ResultTable,
} from './support/model.js';
import {
  buildStream,
  chunk,
  cutsArbitrary,
  NUM_RUNS,
  shapeArbitrary,
  streamArbitrary,
  tripsArbitrary,
} from './support/streams.js';
import type { Trip } from './support/trips.js';

const params = { numRuns: NUM_RUNS };
const LATENESS = [0, 60_000, 900_000];

function operator(assigner: WindowAssigner, allowedLateness = 0) {
  return new WindowOperator({
    assigner,
    keySelector: (trip: Trip) => trip.key,
    aggregate: summaryAggregate,
    allowedLateness,
  });
}

/** Feeds events one by one. */
function runEvents(op: ReturnType<typeof operator>, events: readonly StreamEvent<Trip>[]) {
  const { output, emissions } = recorder(() => op.currentWatermark);
  for (const event of events) op.processEvent(event, output);
  return emissions;
}

/** Streams with late trips: some watermarks overshoot by up to two hours. */
const lateStream = streamArbitrary(2 * 3_600_000);

describe('WindowOperator properties', () => {
  it('1. a stream consistent with its watermarks gives the batch group-by (tumbling, sliding, session)', () => {
    fc.assert(
      fc.property(assignerArbitrary, streamArbitrary(), (assigner, { trips, events }) => {
        const emissions = runEvents(operator(assigner), events);
        expect(lateIdsOf(emissions)).toEqual([]);
        expect(entries(finalTable(resultsOf(emissions)))).toEqual(
          entries(batchReference(assigner, trips, watermarkAtArrival(events))),
        );
        if (assigner.kind !== 'session') {
          // Aligned windows: exactly one firing per (key, window), none an update.
          const results = resultsOf(emissions);
          expect(results.every((r) => !r.isUpdate)).toBe(true);
          expect(results.length).toBe(batchReference(assigner, trips).size);
        }
      }),
      params,
    );
  });

  it('2. no window fires before the watermark reaches its maxTimestamp; on-time firings come in end order', () => {
    fc.assert(
      fc.property(
        assignerArbitrary,
        fc.constantFrom(...LATENESS),
        lateStream,
        (assigner, lateness, { events }) => {
          const emissions = runEvents(operator(assigner, lateness), events);
          let lastOnTimeEnd = -Infinity;
          for (const e of emissions) {
            if (e.type !== 'result') continue;
            expect(e.result.window.end - 1).toBeLessThanOrEqual(e.watermark);
            if (!e.result.isUpdate) {
              expect(e.result.window.end).toBeGreaterThanOrEqual(lastOnTimeEnd);
              lastOnTimeEnd = e.result.window.end;
            }
          }
        },
      ),
      params,
    );
  });

  it('3. conservation: every trip is in exactly one final window (tumbling, session) or in the late output', () => {
    fc.assert(
      fc.property(
        fc.oneof(tumblingArbitrary, sessionArbitrary),
        fc.constantFrom(...LATENESS),
        lateStream,
        (assigner, lateness, { trips, events }) => {
          const op = operator(assigner, lateness);
          const emissions = runEvents(op, events);
          const counted = [...finalTable(resultsOf(emissions)).values()].flatMap((s) => s.ids);
          const all = [...counted, ...lateIdsOf(emissions)].sort((a, b) => a - b);
          expect(all).toEqual(trips.map((t) => t.id));
          const counters = op.counters();
          expect(counters.elementsIn).toBe(trips.length);
          expect(counters.lateDropped).toBe(lateIdsOf(emissions).length);
          expect(counters.windowsOpen).toBe(0); // the final +Infinity watermark purged everything
        },
      ),
      params,
    );
  });

  it('5. splitting the input into any batches gives the same emissions, for the core and the RxJS operator', async () => {
    await fc.assert(
      fc.asyncProperty(
        assignerArbitrary,
        fc.constantFrom(...LATENESS),
        lateStream.chain((stream) =>
          cutsArbitrary(stream.events.length).map((cuts) => ({ ...stream, cuts })),
        ),
        async (assigner, lateness, { events, cuts }) => {
          const expected = runEvents(operator(assigner, lateness), events);

          const batched = operator(assigner, lateness);
          const { output, emissions } = recorder(() => batched.currentWatermark);
          for (const batch of chunk(events, cuts)) batched.processBatch(batch, output);
          expect(emissions).toEqual(expected);

          const late: LateRecord<Trip, string>[] = [];
          const results = await lastValueFrom(
            from(chunk(events, cuts)).pipe(
              runWindowOperator(operator(assigner, lateness), {
                lateOutput: (record) => late.push(record),
              }),
              toArray(),
            ),
          );
          expect(results).toEqual(resultsOf(expected));
          expect(late).toEqual(expected.flatMap((e) => (e.type === 'late' ? [e.late] : [])));
        },
      ),
      params,
    );
  });

  it('7. with allowed lateness L the last updates equal the batch result over trips at most L late; the rest go to the late output, exactly', () => {
    fc.assert(
      fc.property(
        fc.oneof(tumblingArbitrary, slidingArbitrary),
        fc.constantFrom(...LATENESS),
        lateStream,
        (assigner, lateness, { trips, events }) => {
          const emissions = runEvents(operator(assigner, lateness), events);
          // A trip counts in a window iff that window had not passed end - 1 + L when it arrived.
          const arrivedAt = watermarkAtArrival(events);
          const kept = new Map<string, Trip[]>();
          const expectedLate: number[] = [];
          for (const trip of trips) {
            let any = false;
            for (const [row, window] of batchWindowsOf(assigner, trip)) {
              if (window.end - 1 + lateness > arrivedAt.get(trip.id)!) {
                any = true;
                kept.set(row, [...(kept.get(row) ?? []), trip]);
              }
            }
            if (!any) expectedLate.push(trip.id);
          }
          const expected: ResultTable = new Map();
          for (const [row, list] of kept)
            expected.set(row, batchReference(assigner, list).get(row)!);
          expect(entries(finalTable(resultsOf(emissions)))).toEqual(entries(expected));
          expect(lateIdsOf(emissions)).toEqual(expectedLate.sort((a, b) => a - b));
          // A late firing happens only for a trip that arrived after its window's on-time firing.
          for (const e of emissions) {
            if (e.type === 'result' && e.result.isUpdate) {
              expect(e.result.window.end - 1).toBeLessThanOrEqual(e.watermark);
            }
          }
        },
      ),
      params,
    );
  });

  it('8. snapshot at any points + JSON + restore + continue == the uninterrupted run', () => {
    fc.assert(
      fc.property(
        assignerArbitrary,
        fc.constantFrom(...LATENESS),
        lateStream.chain((stream) =>
          cutsArbitrary(stream.events.length, 3).map((cuts) => ({ ...stream, cuts })),
        ),
        fc.boolean(),
        (assigner, lateness, { events, cuts }, throughJson) => {
          const uninterrupted = operator(assigner, lateness);
          const expected = runEvents(uninterrupted, events);

          let op = operator(assigner, lateness);
          const emissions: Emission[] = [];
          for (const part of chunk(events, cuts)) {
            const snapshot = op.snapshot();
            const frozen = JSON.stringify(snapshot);
            op = operator(assigner, lateness);
            op.restore(throughJson ? JSON.parse(frozen) : snapshot);
            emissions.push(...runEvents(op, part));
            // The snapshot does not alias live state: it is unchanged after processing went on.
            expect(JSON.stringify(snapshot)).toBe(frozen);
          }
          expect(emissions).toEqual(expected);
          expect(op.counters()).toEqual(uninterrupted.counters());
          expect(op.snapshot()).toEqual(uninterrupted.snapshot());
        },
      ),
      params,
    );
  });

  it('9. session windows equal a batch session computation (sort by time per key, split at gaps)', () => {
    fc.assert(
      fc.property(
        sessionArbitrary,
        tripsArbitrary().chain((trips) =>
          fc
            .tuple(shapeArbitrary(trips.length), cutsArbitrary(trips.length + 8))
            .map(([shape, cuts]) => ({ trips, events: buildStream(trips, shape), cuts })),
        ),
        (assigner, { trips, events, cuts }) => {
          const op = operator(assigner);
          const { output, emissions } = recorder(() => op.currentWatermark);
          for (const batch of chunk(events, cuts)) op.processBatch(batch, output);
          expect(entries(finalTable(resultsOf(emissions)))).toEqual(
            entries(batchReference(assigner, trips, watermarkAtArrival(events))),
          );
        },
      ),
      params,
    );
  });
});

/** The windows (as `row -> window`) an aligned assigner puts one trip in. */
function batchWindowsOf(
  assigner: WindowAssigner,
  trip: Trip,
): Map<string, { start: number; end: number }> {
  const windows = new Map<string, { start: number; end: number }>();
  for (const row of batchReference(assigner, [trip]).keys()) {
    const [, bounds] = row.split('@');
    const [start, end] = bounds.split('/').map(Number);
    windows.set(row, { start, end });
  }
  return windows;
}

// Keep the unused import lint-clean if the stream builder changes.
void buildStream;
