import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  test: {
    name: 'rx-event-time',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
  },
});
