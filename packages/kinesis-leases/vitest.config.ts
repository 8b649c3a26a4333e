import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  // Vitest resolves for SSR: the source condition must be there too, or packages load from dist.
  ssr: { resolve: { conditions: ['@tripstream/source', 'node', 'development|production'] } },
  test: {
    name: 'kinesis-leases',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['../../tools/local-stack/src/vitest/dynamodb-s3.ts'],
    // Real DynamoDB calls on a shared 2-core machine: generous, and no test asserts a duration.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
