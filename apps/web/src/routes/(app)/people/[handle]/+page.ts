import { PersonActivityDocument, PersonDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import type { PageLoad } from './$types';

export const load = (async ({ params, parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const client = getClient();
  // The card and what lies below it, in parallel.
  const [result, activity] = await Promise.all([
    client.query(PersonDocument, { handle: params.handle }, { requestPolicy: 'network-only' }).toPromise(),
    client.query(PersonActivityDocument, { handle: params.handle }, { requestPolicy: 'network-only' }).toPromise(),
  ]);
  if (!result.data) return failLoad(result.error!, 'No one on Ripple has that handle.');
  return { person: result.data.person, activity: activity.data?.person ?? null };
}) satisfies PageLoad;
