import { ComposerPersonDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import type { PageLoad } from './$types';

// "Introduce…" on a card opens this form with that person chosen (?with=<handle>).
export const load = (async ({ url, parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const handle = url.searchParams.get('with')?.trim();
  if (!handle) return { prefill: null };
  const result = await getClient().query(ComposerPersonDocument, { handle }, { requestPolicy: 'network-only' }).toPromise();
  // Someone who is not (or no longer) a member simply is not chosen: the form still works.
  const person = result.data?.person;
  return { prefill: person && !person.isViewer ? person : null };
}) satisfies PageLoad;
