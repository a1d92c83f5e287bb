import { env } from '$env/dynamic/public';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws/client';
import { liveConnection } from './connection.svelte';
import { errorCode } from './problems';
import { fellBehind, resumable, retryDelayMs } from './resume';

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

/** graphql-ws closes with 4403 when the session on the upgrade is gone (expired, or ended elsewhere). */
const FORBIDDEN_CLOSE = 4403;

export function createRippleClient(options: { url: string; onUnauthenticated: () => void }): RippleClient {
  // Lazy: the socket opens with the first subscription and closes after the last.
  // The browser sends the session cookie on the upgrade; the API checks it at connect.
  // A lost connection is retried for as long as something listens, backing off to 10 s;
  // each live list then resumes from its own last cursor (see resume.ts).
  const ws = createWsClient({
    url: wsUrlFor(options.url),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    on: {
      connected: () => liveConnection.connected(),
      closed: (event) => {
        liveConnection.closed();
        if ((event as { code?: number } | undefined)?.code === FORBIDDEN_CLOSE) options.onUnauthenticated();
      },
    },
  });

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
          const live = resumable({ ...request, query: request.query ?? '' });
          return {
            subscribe(sink) {
              let stop: () => void = () => {};
              let ended = false;
              const end = () => {
                if (ended) return;
                ended = true;
                liveConnection.listening(-1);
              };
              const start = () => {
                stop = ws.subscribe(live.payload, {
                  next(result) {
                    live.received(result);
                    // graphql-ws types `extensions` as unknown; urql's ExecutionResult as a record.
                    sink.next(result as Parameters<typeof sink.next>[0]);
                  },
                  error(error) {
                    // Fell too far behind: the server asks us to resume by cursor, so do.
                    if (fellBehind(error)) return start();
                    end();
                    sink.error(error);
                  },
                  complete() {
                    end();
                    sink.complete();
                  },
                });
              };
              liveConnection.listening(1);
              start();
              return {
                unsubscribe() {
                  end();
                  stop();
                },
              };
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
  liveConnection.reset();
}

/** What to do when the API says the session is gone (expired or ended elsewhere). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticated = handler;
}
