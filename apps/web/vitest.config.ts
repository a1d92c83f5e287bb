import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Unit tests live beside the code they test (src/**/*.test.ts); the browser
// tests are in tests/e2e at the repository root. The plain Svelte plugin
// (runes in *.svelte.ts) rather than SvelteKit's, which looks for its config
// in the working directory and so breaks when `pnpm test` runs from the root.
export default defineConfig({
  root: here('.'),
  plugins: [svelte({ configFile: false })],
  resolve: { alias: { $lib: here('src/lib') } },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
