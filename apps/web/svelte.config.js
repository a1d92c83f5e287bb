import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // `node build/index.js` serves the app shell; pages render in the browser (ssr = false).
    adapter: adapter(),
    // SvelteKit adds a nonce for its own inline script to each page it serves.
    // connect-src is added at run time by src/hooks.server.ts: the API's
    // origin comes from PUBLIC_API_URL, unknown when this is built.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // Svelte sets style attributes (and app.html has one); scripts are what CSP must hold tight.
        'style-src': ['self', 'unsafe-inline'],
        // Avatars are members' own http(s) addresses; QR codes are data: URLs.
        'img-src': ['self', 'data:', 'blob:', 'https:', 'http:'],
        'font-src': ['self', 'data:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
  vitePlugin: {
    // Our components are runes-only; leave any library components to their own mode.
    dynamicCompileOptions: ({ filename }) => (filename.includes('node_modules') ? undefined : { runes: true }),
  },
};

export default config;
