import Negotiator from 'negotiator';
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { Context } from '../graphql/context.js';

/**
 * Subscriptions need a stream; over HTTP Apollo would run one as a query and
 * fail inside it (INTERNAL_SERVER_ERROR, a stack in the log each time). Say
 * where they are served instead, before anything runs.
 */
export function subscriptionsOverWebSocket(path: string): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(`Subscriptions are served over WebSocket at ${path} (graphql-transport-ws).`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        },
      };
    },
  };
}

/** Refusals of the document or its variables: what the GraphQL-over-HTTP spec calls request errors. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * The GraphQL-over-HTTP spec: a client that accepts only `application/json`
 * (or sends no Accept, which the spec reads the same way) gets 200 for a
 * document that does not parse, validate or coerce, with the errors in the
 * body; such legacy clients read the body only on 2xx. A client that accepts
 * `application/graphql-response+json` (the web app, `*\/*`) keeps the 4xx.
 */
export function status200ForJsonOnlyClients(): ApolloServerPlugin<Context> {
  // Clients send a handful of distinct Accept headers: negotiate each once.
  const jsonOnlyByAccept = new LRUCache<string, boolean>({ max: 200 });
  return {
    async requestDidStart({ request }) {
      const accept = request.http?.headers.get('accept');
      let jsonOnly = !accept || jsonOnlyByAccept.get(accept);
      if (jsonOnly === undefined) {
        jsonOnly = new Negotiator({ headers: { accept: accept! } }).mediaTypes([GRAPHQL_RESPONSE_JSON]).length === 0;
        jsonOnlyByAccept.set(accept!, jsonOnly);
      }
      if (!jsonOnly) return;
      return {
        async willSendResponse({ response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length) return;
          if (errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) response.http.status = 200;
        },
      };
    },
  };
}
