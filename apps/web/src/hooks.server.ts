import type { Handle, HandleFetch } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { apiUrl, wsUrlFor } from '$lib/graphql/client';

/**
 * Security headers on every page the web server renders. The
 * Content-Security-Policy itself comes from `kit.csp` (svelte.config.js),
 * with SvelteKit's nonce; here it gains the API's origin, over HTTP and
 * WebSocket, which is only known at run time (PUBLIC_API_URL).
 */
function connectSources(): string {
  const http = new URL(apiUrl()).origin;
  return ["'self'", http, new URL(wsUrlFor(apiUrl())).origin].join(' ');
}

export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const csp = response.headers.get('content-security-policy');
  if (csp && !/(^|;)\s*connect-src\s/.test(csp)) {
    response.headers.set('content-security-policy', `${csp}; connect-src ${connectSources()}`);
  }
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  return response;
};

/**
 * The pages the web server renders (shares/) and the feeds ask the API from
 * here. PUBLIC_API_URL is the browser's address for it, which inside a
 * container may not reach it: SERVER_API_URL, when set, is the web server's
 * own (docker-compose: the gateway's service name).
 */
export const handleFetch: HandleFetch = async ({ request, fetch }) => {
  const internal = env.SERVER_API_URL;
  if (internal && request.url === apiUrl()) {
    return fetch(internal, { method: request.method, headers: request.headers, body: await request.text() });
  }
  return fetch(request);
};
