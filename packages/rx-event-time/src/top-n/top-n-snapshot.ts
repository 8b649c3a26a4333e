import type { SNAPSHOT_VERSION } from '../constants.js';
import type { JsonValue } from '../events/json-value.js';
import type { TOP_N_SNAPSHOT_FORMAT } from '../snapshot-formats.js';
import type { WindowKey } from '../windows/window-operator-options.js';

/**
 * The whole state of a {@link TopN} as plain JSON. Values are copied with `structuredClone`, so they
 * must be JSON values for the snapshot to survive `JSON.stringify`.
 */
export interface TopNSnapshot {
  readonly format: typeof TOP_N_SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** Must equal the restoring instance's size. */
  readonly size: number;
  /** Every entry, best first (not only the top `size`). */
  readonly entries: readonly { readonly key: WindowKey; readonly value: JsonValue }[];
  /** The ranking last reported by `changes()`, against which the next change is detected. */
  readonly reported: readonly { readonly key: WindowKey; readonly value: JsonValue }[];
}
