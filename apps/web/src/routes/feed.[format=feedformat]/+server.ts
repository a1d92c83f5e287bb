import { error } from '@sveltejs/kit';
import { CommunityFeedDocument } from '@ripple/schema';
import { publicQuery } from '$lib/graphql/public-query';
import { buildFeed, FEED_SIZE, feedResponse } from '$lib/server/syndication';
import type { RequestHandler } from './$types';

/** The community's public shares (originals: a reshare would repeat the work), for feed readers. */
export const GET = (async ({ params, fetch, url }) => {
  const { data } = await publicQuery(fetch, CommunityFeedDocument, { first: FEED_SIZE });
  if (!data) error(503, 'The feed could not be read. Please try again in a moment.');
  const shares = data.feed.edges.map((e) => e.node).filter((share) => !share.isReshare);
  const feed = buildFeed(
    url.origin,
    {
      title: 'Ripple · the community’s shares',
      description: 'Work that members of this Ripple community shared, with why it is worth reading.',
      home: new URL('/', url.origin).toString(),
    },
    shares,
  );
  return feedResponse(feed, params.format);
}) satisfies RequestHandler;
