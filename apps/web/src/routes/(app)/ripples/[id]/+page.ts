import { RippleDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { NOT_YOURS } from '$lib/ripples/describe';
import type { PageLoad } from './$types';

// The whole ripple in one request (its snapshot, figures and comparison);
// the explorer lays it out and then follows it live.
export const load = (async ({ params, parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const result = await getClient()
    .query(RippleDocument, { eventId: params.id }, { requestPolicy: 'network-only' })
    .toPromise();
  if (!result.data) return failLoad(result.error!, NOT_YOURS);
  return { eventId: params.id, ripple: result.data.ripple };
}) satisfies PageLoad;
