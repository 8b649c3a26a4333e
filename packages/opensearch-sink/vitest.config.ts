import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  test: {
    name: 'opensearch-sink',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
  },
});
