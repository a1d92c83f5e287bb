import { MyRipplesDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { RIPPLE_LIST_PAGE } from '$lib/ripples/ripple-list';
import type { PageLoad } from './$types';

// Both lists at once: the ripples I started, and those I am part of.
export const load = (async ({ parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const client = getClient();
  const [started, involved] = await Promise.all(
    (['STARTED', 'IN'] as const).map((role) =>
      client.query(MyRipplesDocument, { role, first: RIPPLE_LIST_PAGE }, { requestPolicy: 'network-only' }).toPromise(),
    ),
  );
  if (!started!.data) return failLoad(started!.error!);
  if (!involved!.data) return failLoad(involved!.error!);
  return { started: started!.data.myRipples, involved: involved!.data.myRipples };
}) satisfies PageLoad;
