import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // `node build/index.js` serves the app shell; pages render in the browser (ssr = false).
    adapter: adapter(),
  },
  vitePlugin: {
    // Our components are runes-only; leave any library components to their own mode.
    dynamicCompileOptions: ({ filename }) => (filename.includes('node_modules') ? undefined : { runes: true }),
  },
};

export default config;
