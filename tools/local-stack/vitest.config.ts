import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  // Vitest resolves for SSR: the source condition must be there too, or packages load from dist.
  ssr: { resolve: { conditions: ['@tripstream/source', 'node', 'development|production'] } },
  test: {
    name: 'local-stack',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./src/vitest/kinesis-dynamodb-s3-opensearch.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
