export { renderMarkdown, type BenchContext, type BenchRow } from './bench-row.js';
export {
  interleavedRuns,
  listRuns,
  median,
  pairedRatio,
  perCpuSecond,
  perSecond,
  timeMs,
} from './measure.js';
