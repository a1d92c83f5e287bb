import { defineConfig } from 'vitest/config';

/** `pnpm test` runs every tier in one vitest run: API, web units, end-to-end and contract. */
export default defineConfig({
  test: {
    projects: ['apps/api', 'apps/web', 'tests'],
  },
});
