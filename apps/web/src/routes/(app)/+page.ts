import { FeedDocument } from '@ripple/schema';
import { FEED_PAGE_SIZE } from '$lib/feed/feed-list';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import type { PageLoad } from './$types';

// The home of a signed-in member: the shared feed, newest first.
export const load = (async ({ parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const result = await getClient().query(FeedDocument, { first: FEED_PAGE_SIZE }, { requestPolicy: 'network-only' }).toPromise();
  if (!result.data) return failLoad(result.error!);
  return { feed: result.data.feed };
}) satisfies PageLoad;
