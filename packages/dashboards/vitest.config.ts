import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  test: {
    name: 'dashboards',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
  },
});
