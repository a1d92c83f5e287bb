import { error } from '@sveltejs/kit';
import type { CombinedError } from '@urql/core';
import { hasCode, problemsFrom } from './problems';

/** Ends a `load` with the error page that fits an operation's error. */
export function failLoad(cause: CombinedError, notFound = 'That was not found.'): never {
  if (hasCode(cause, 'NOT_FOUND')) error(404, notFound);
  error(cause.graphQLErrors.length === 0 ? 503 : 500, problemsFrom(cause).summary ?? 'Please try again.');
}
