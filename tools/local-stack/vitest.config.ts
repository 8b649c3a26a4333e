import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  test: {
    name: 'local-stack',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./src/vitest/kinesis-s3-opensearch.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
