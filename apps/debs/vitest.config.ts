import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tripstream/source'] },
  // Vitest resolves for SSR: the source condition must be there too, or packages load from dist.
  ssr: { resolve: { conditions: ['@tripstream/source', 'node', 'development|production'] } },
  test: {
    name: 'debs',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['../../tools/local-stack/src/vitest/kinesis.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
