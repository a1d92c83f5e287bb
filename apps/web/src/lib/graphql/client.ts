import { env } from '$env/dynamic/public';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws/client';
import { errorCode } from './problems';

const DEFAULT_API_URL = 'http://localhost:4000/graphql';

/** Read at run time, so one build serves any deployment (PUBLIC_API_URL on the web server). */
export function apiUrl(): string {
  return env.PUBLIC_API_URL || DEFAULT_API_URL;
}

/** The WebSocket endpoint is the HTTP one with http→ws (https→wss). */
export function wsUrlFor(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

export interface RippleClient {
  client: Client;
  /** Closes the WebSocket, if one was opened. */
  dispose(): void;
}

export function createRippleClient(options: { url: string; onUnauthenticated: () => void }): RippleClient {
  // Lazy: the socket opens with the first subscription and closes after the last.
  // The browser sends the session cookie on the upgrade; the API checks it at connect.
  const ws = createWsClient({ url: wsUrlFor(options.url), lazy: true });

  const client = new Client({
    url: options.url,
    // Apollo's CSRF prevention rejects a GET without a preflight header; POST is always preflighted.
    preferGetMethod: false,
    // The session is an httpOnly cookie on the API's origin.
    fetchOptions: { credentials: 'include' },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => errorCode(e) === 'UNAUTHENTICATED')) options.onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return { client, dispose: () => void ws.dispose() };
}

let current: RippleClient | null = null;
let unauthenticated: () => void = () => {};

/** The app's one client. */
export function getClient(): Client {
  current ??= createRippleClient({ url: apiUrl(), onUnauthenticated: () => unauthenticated() });
  return current.client;
}

/**
 * Drops the cache and the socket. Called when the signed-in person changes,
 * so nothing one person saw is shown to the next, and the socket (which
 * authenticated once, at connect) is reopened with the new session.
 */
export function resetClient(): void {
  current?.dispose();
  current = null;
}

/** What to do when the API says the session is gone (expired or ended elsewhere). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticated = handler;
}
