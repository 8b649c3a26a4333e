import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { ECHARTS_SCRIPT } from '../src/report/report-html.js';

// The package ships echarts' minified build instead of depending on echarts (60 MB installed):
// this keeps the shipped copy byte-equal to the devDependency's, so upgrading echarts means
// copying the file again (`cp node_modules/echarts/dist/echarts.min.js packages/dashboards/assets/`).
test('assets/echarts.min.js is the echarts devDependency build, unmodified', async () => {
  const require = createRequire(import.meta.url);
  const fromDevDependency = join(dirname(require.resolve('echarts')), 'echarts.min.js');
  const [shipped, upstream] = await Promise.all([
    readFile(ECHARTS_SCRIPT),
    readFile(fromDevDependency),
  ]);
  expect(shipped.equals(upstream)).toBe(true);
});
