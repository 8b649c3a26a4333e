import { defineConfig } from 'vitest/config';

// One vitest run over every project; each project's own vitest.config.ts names the servers it
// needs (via its globalSetup), so suites that need none do not pay for one.
export default defineConfig({
  test: {
    projects: ['{packages,apps,tools}/*/vitest.config.ts'],
  },
});
