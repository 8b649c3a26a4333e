import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  // Vitest resolves for SSR: the source condition must be there too, or packages load from dist.
  ssr: { resolve: { conditions: ['@tripstream/source', 'node', 'development|production'] } },
  test: {
    name: 'e2e',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['../local-stack/src/vitest/kinesis-dynamodb-s3-opensearch.ts'],
    // Each scenario runs a replay and one or more processors as child processes against the real
    // stack; one file at a time keeps a 2-core machine from timing itself out.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
