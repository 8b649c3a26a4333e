import type { Observer } from 'rxjs';

/**
 * Where an operator sends what leaves its main output (Flink's side outputs: late records,
 * duplicates): an Observer, e.g. a Subject — only `next` is called, it is not completed with the
 * stream — or a function. Called in order with the main output.
 */
export type SideOutput<V> = Partial<Observer<V>> | ((value: V) => void);
