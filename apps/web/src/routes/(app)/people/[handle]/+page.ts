import { PersonDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import type { PageLoad } from './$types';

export const load = (async ({ params, parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const result = await getClient()
    .query(PersonDocument, { handle: params.handle }, { requestPolicy: 'network-only' })
    .toPromise();
  if (!result.data) return failLoad(result.error!, 'No one on Ripple has that handle.');
  return { person: result.data.person };
}) satisfies PageLoad;
