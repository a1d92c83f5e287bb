import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

// The home of a signed-in member is the directory.
export const load = (async ({ parent }) => {
  await parent();
  redirect(307, '/people');
}) satisfies PageLoad;
