import { redirect } from '@sveltejs/kit';
import { failLoad } from '$lib/graphql/load-error';
import { session } from '$lib/session.svelte';
import type { CombinedError } from '@urql/core';
import type { LayoutLoad } from './$types';

// Signing in or up again while signed in makes no sense: go to the feed.
export const load = (async () => {
  const viewer = await session.ensure().catch((cause: CombinedError) => failLoad(cause));
  if (viewer) redirect(307, '/');
}) satisfies LayoutLoad;
