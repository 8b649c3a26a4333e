import { defineConfig } from 'vitest/config';

// Not a test project (the root's projects glob matches vitest.config.ts only): `npm run bench`.
export default defineConfig({
  resolve: { conditions: ['@tripstream/source'] },
  // Vitest resolves for SSR: the source condition must be there too, or packages load from dist.
  ssr: { resolve: { conditions: ['@tripstream/source', 'node', 'development|production'] } },
  test: {
    name: 'bench',
    root: new URL('.', import.meta.url).pathname,
    include: ['run-benchmarks.ts'],
    globalSetup: ['../local-stack/src/vitest/kinesis-dynamodb-s3-opensearch.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
  },
});
