import { FeedItemsDocument } from '@ripple/schema';
import { FEED_PAGE_SIZE } from '$lib/feed/feed-list';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import type { PageLoad } from './$types';

// The home of a signed-in member: the shared feed, each piece of work once, most recently active first.
export const load = (async ({ parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const result = await getClient().query(FeedItemsDocument, { first: FEED_PAGE_SIZE }, { requestPolicy: 'network-only' }).toPromise();
  if (!result.data) return failLoad(result.error!);
  return { feed: result.data.feedItems };
}) satisfies PageLoad;
