import { print } from 'graphql';
import type { TypedDocumentNode } from '@urql/core';
import { error } from '@sveltejs/kit';
import { apiUrl } from './client';
import { errorCode, type GraphQLErrorLike } from './problems';

/**
 * One GraphQL operation through a given `fetch`: SvelteKit's in a `load`
 * (on the server its answer is inlined into the page, so hydration does
 * not ask again) or in a `+server.ts` endpoint. No urql here: on the web
 * server there is no viewer and no cache that could outlive a request.
 */
export async function publicQuery<Data, Variables extends Record<string, unknown>>(
  fetch: typeof globalThis.fetch,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  init: { credentials?: RequestCredentials } = {},
): Promise<{ data: Data | null; errors: GraphQLErrorLike[] }> {
  let response: Response;
  try {
    response = await fetch(apiUrl(), {
      method: 'POST',
      // application/json makes this a preflighted request: Apollo's CSRF prevention lets it through.
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: print(document), variables }),
      credentials: init.credentials ?? 'omit',
    });
  } catch {
    error(503, 'Ripple could not be reached. Please try again in a moment.');
  }
  const body = (await response.json().catch(() => null)) as { data?: Data | null; errors?: GraphQLErrorLike[] } | null;
  if (!body) error(503, 'Ripple could not be reached. Please try again in a moment.');
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/**
 * Whether the answer means "nothing here for you": NOT_FOUND (missing, or
 * not the caller's to see), or, signed out, UNAUTHENTICATED (an id of a
 * kind the public may not read, or no id at all).
 */
export function isNotFound(errors: readonly GraphQLErrorLike[]): boolean {
  return errors.some((e) => errorCode(e) === 'NOT_FOUND' || errorCode(e) === 'UNAUTHENTICATED');
}
