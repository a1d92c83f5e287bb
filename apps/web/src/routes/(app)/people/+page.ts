import { PeopleDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { PEOPLE_PAGE_SIZE } from '$lib/people/directory';
import type { PageLoad } from './$types';

// The search lives in the URL (?q=), so a search can be shared and Back works.
export const load = (async ({ url, parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const search = url.searchParams.get('q')?.trim() ?? '';
  const result = await getClient()
    .query(PeopleDocument, { search: search || null, first: PEOPLE_PAGE_SIZE }, { requestPolicy: 'network-only' })
    .toPromise();
  if (!result.data) return failLoad(result.error!);
  return { search, people: result.data.people };
}) satisfies PageLoad;
