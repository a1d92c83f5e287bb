import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * End-to-end tests drive the built web app in real Chromium against the built
 * API on an embedded PostgreSQL; contract tests check the schema file and the
 * production compose file against the code. Files run one at a time: each
 * end-to-end file boots a whole stack, and CI has two cores.
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql/index.js') }],
  },
  test: {
    name: 'tests',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
