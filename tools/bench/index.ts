export { renderMarkdown, type BenchContext, type BenchRow } from './bench-row.js';
export {
  collectGarbage,
  interleavedRuns,
  type InterleavedRunsOptions,
  listRuns,
  median,
  pairedRatio,
  perCpuSecond,
  perSecond,
  timeMs,
} from './measure.js';
