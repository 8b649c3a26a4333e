import type { PartialMergeSpec } from './partial-merge-types.js';

/** One stored contribution, as kept in the partials index. */
export interface StoredPart {
  readonly progress: string;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * The merged document from the stored parts: the shared fields, each summed field added up over
 * parts (in part-name order, so every worker computes the same floating-point result), ratios
 * recomputed from the sums; `undefined` when below the spec's minimum.
 */
export function mergePartials(
  spec: PartialMergeSpec,
  base: Readonly<Record<string, unknown>>,
  parts: Readonly<Record<string, StoredPart>>,
): Record<string, unknown> | undefined {
  const doc: Record<string, unknown> = { ...base };
  const names = Object.keys(parts).sort();
  for (const field of spec.sum) {
    let total = 0;
    for (const name of names) total += parts[name].values[field] ?? 0;
    doc[field] = total;
  }
  for (const r of spec.ratios ?? []) {
    doc[r.field] = (doc[r.numerator] as number) / (doc[r.denominator] as number);
  }
  if (spec.minimum && (doc[spec.minimum.field] as number) < spec.minimum.value) return undefined;
  return doc;
}
