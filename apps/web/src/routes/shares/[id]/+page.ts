import { browser } from '$app/environment';
import { error } from '@sveltejs/kit';
import { SharePageDocument } from '@ripple/schema';
import { isNotFound, publicQuery } from '$lib/graphql/public-query';
import type { PageLoad } from './$types';

// Server-rendered (../+layout.ts). The server asks signed out: public shares only.

const NOT_PUBLIC = 'There is no public share here. It may have been mistyped, or it is not shared publicly.';

export const load = (async ({ params, fetch }) => {
  // In the browser (navigating within the app) a member's session rides along.
  const { data, errors } = await publicQuery(fetch, SharePageDocument, { id: params.id }, { credentials: browser ? 'include' : 'omit' });
  const share = data?.node?.__typename === 'Share' ? data.node : null;
  if (!share) {
    if (data || isNotFound(errors)) error(404, NOT_PUBLIC);
    error(503, 'Ripple could not be reached. Please try again in a moment.');
  }
  return { share };
}) satisfies PageLoad;
