import { RippleDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { NOT_YOURS } from '$lib/ripples/describe';
import { RIPPLE_PAGE } from '$lib/ripples/ripple-source.svelte';
import type { PageLoad } from './$types';

// The first page of the ripple (root, figures, up to 1,000 events and people);
// the explorer loads the rest with progress, then follows it live.
export const load = (async ({ params, parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const result = await getClient()
    .query(RippleDocument, { eventId: params.id, first: RIPPLE_PAGE }, { requestPolicy: 'network-only' })
    .toPromise();
  if (!result.data) return failLoad(result.error!, NOT_YOURS);
  return { eventId: params.id, ripple: result.data.ripple };
}) satisfies PageLoad;
