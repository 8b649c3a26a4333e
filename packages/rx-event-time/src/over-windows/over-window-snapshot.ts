import type { SNAPSHOT_VERSION } from '../constants.js';
import type { JsonTimestamp, JsonValue } from '../events/json-value.js';
import type { OVER_WINDOW_SNAPSHOT_FORMAT } from '../snapshot-formats.js';
import type { WindowKey } from '../windows/window-operator-options.js';

/**
 * The whole state of an {@link OverWindowOperator} as plain JSON. Record values are copied with
 * `structuredClone`, so they must be JSON values for the snapshot to survive `JSON.stringify`.
 */
export interface OverWindowSnapshot {
  readonly format: typeof OVER_WINDOW_SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** Must equal the restoring operator's range. */
  readonly range: number;
  readonly time: JsonTimestamp;
  readonly counters: {
    readonly elementsIn: number;
    readonly retracted: number;
    readonly lateDropped: number;
  };
  /** Records in range, in the order they leave it. */
  readonly records: readonly {
    readonly key: WindowKey;
    readonly timestamp: number;
    readonly value: JsonValue;
  }[];
  /** Every key in range with its record count and accumulator. */
  readonly keys: readonly {
    readonly key: WindowKey;
    readonly count: number;
    readonly accumulator: JsonValue;
  }[];
}
