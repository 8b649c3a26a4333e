import type { AggregateFunction } from './aggregate-function.js';

const COUNT: AggregateFunction<unknown, number, number> = {
  createAccumulator: () => 0,
  add: (_value, count) => count + 1,
  getResult: (count) => count,
  merge: (a, b) => a + b,
};

/** Counts the records of each (key, window). */
export function countAggregate<T = unknown>(): AggregateFunction<T, number, number> {
  return COUNT;
}
