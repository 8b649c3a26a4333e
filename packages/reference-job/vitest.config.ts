import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  // Vitest resolves for SSR: the source condition must be there too, or packages load from dist.
  ssr: { resolve: { conditions: ['@tripstream/source', 'node', 'development|production'] } },
  test: {
    name: 'reference-job',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Property tests run thousands of cases; on a shared two-core machine 5 s is not enough.
    // No test asserts a duration.
    testTimeout: 30_000,
  },
});
