import { redirect } from '@sveltejs/kit';
import { LandingDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { session } from '$lib/session.svelte';
import type { CombinedError } from '@urql/core';
import type { PageLoad } from './$types';

// For signed-out visitors: what Ripple is for, the demo story's ripple, and the ways in.
export const load = (async () => {
  const viewer = await session.ensure().catch((cause: CombinedError) => failLoad(cause));
  if (viewer) redirect(307, '/');
  const result = await getClient().query(LandingDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  // The pitch stands without the demo: no demo (or no answer) only leaves out the picture and the demo sign-in.
  return { demo: result.data?.demoCommunity ?? null };
}) satisfies PageLoad;
