import { error } from '@sveltejs/kit';
import { MemberFeedDocument } from '@ripple/schema';
import { isNotFound, publicQuery } from '$lib/graphql/public-query';
import { buildFeed, FEED_SIZE, feedResponse } from '$lib/server/syndication';
import type { RequestHandler } from './$types';

/**
 * One member's public shares and reshares, for feed readers. Addressed by
 * the member's id, not their handle: a handle can change, a feed's address
 * should not.
 */
export const GET = (async ({ params, fetch, url }) => {
  const { data, errors } = await publicQuery(fetch, MemberFeedDocument, { id: params.id, first: FEED_SIZE });
  const person = data?.node?.__typename === 'Person' ? data.node : null;
  if (!person) {
    if (isNotFound(errors) || data) error(404, 'No one on Ripple has that id.');
    error(503, 'The feed could not be read. Please try again in a moment.');
  }
  const feed = buildFeed(
    url.origin,
    {
      title: `${person.name} on Ripple`,
      description: person.headline ? `${person.headline}. Work ${person.name} shared on Ripple.` : `Work ${person.name} shared on Ripple.`,
      home: new URL(`/people/${encodeURIComponent(person.handle)}`, url.origin).toString(),
      personId: person.id,
    },
    person.shares.edges.map((e) => e.node),
  );
  return feedResponse(feed, params.format);
}) satisfies RequestHandler;
