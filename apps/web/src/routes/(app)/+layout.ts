import { redirect } from '@sveltejs/kit';
import { failLoad } from '$lib/graphql/load-error';
import { session } from '$lib/session.svelte';
import type { CombinedError } from '@urql/core';
import type { LayoutLoad } from './$types';

// Everything in (app) is for members: send anyone else to sign in, or
// from the home page to the landing page that says what Ripple is for.
export const load = (async ({ url }) => {
  const viewer = await session.ensure().catch((cause: CombinedError) => failLoad(cause));
  if (!viewer) redirect(307, url.pathname === '/' ? '/welcome' : '/signin');
  return { viewer };
}) satisfies LayoutLoad;
