import { redirect } from '@sveltejs/kit';
import { failLoad } from '$lib/graphql/load-error';
import { session } from '$lib/session.svelte';
import type { CombinedError } from '@urql/core';
import type { LayoutLoad } from './$types';

// Everything in (app) is for members: send anyone else to sign in.
export const load = (async () => {
  const viewer = await session.ensure().catch((cause: CombinedError) => failLoad(cause));
  if (!viewer) redirect(307, '/signin');
  return { viewer };
}) satisfies LayoutLoad;
