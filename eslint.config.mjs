import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

// Layering (see README "Packages"): rx-event-time depends on rxjs only; the generic AWS packages
// know nothing of taxis; apps import packages, never the reverse.
const constraints = (forTests) => [
  forTests
    ? { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] }
    : {
        sourceTag: 'layer:core',
        onlyDependOnLibsWithTags: [],
        allowedExternalImports: ['rxjs', 'rxjs/*', 'node:*'],
      },
  forTests
    ? { sourceTag: 'domain:generic', onlyDependOnLibsWithTags: ['domain:generic', 'type:testing'] }
    : { sourceTag: 'domain:generic', onlyDependOnLibsWithTags: ['domain:generic'] },
  {
    sourceTag: 'domain:taxi',
    onlyDependOnLibsWithTags: [
      'domain:generic',
      'domain:taxi',
      ...(forTests ? ['type:testing'] : []),
    ],
  },
  {
    sourceTag: 'type:lib',
    onlyDependOnLibsWithTags: ['type:lib', ...(forTests ? ['type:testing'] : [])],
  },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
];
const layering = (forTests) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: constraints(forTests),
});
// Tests, benchmarks and vitest configs may use the local stack (tag type:testing); sources may not.
const testFiles = ['**/tests/**', '**/*.test.ts', '**/vitest.config.ts', '**/bench/**'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/assets/echarts.min.js',
      '**/node_modules/**',
      '**/.nx/**',
      'fixtures/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', layering(false)],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': ['error', layering(true)] },
  },
);
