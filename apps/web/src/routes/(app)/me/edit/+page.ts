import { redirect } from '@sveltejs/kit';
import { MyCardDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import type { PageLoad } from './$types';

export const load = (async ({ parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  // Always fresh: the form must start from what is saved.
  const result = await getClient().query(MyCardDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  if (!result.data) return failLoad(result.error!);
  if (!result.data.viewer) redirect(307, '/signin');
  return { card: result.data.viewer };
}) satisfies PageLoad;
