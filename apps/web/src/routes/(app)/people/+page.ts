import { PeopleDocument } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { PEOPLE_PAGE_SIZE } from '$lib/people/directory';
import { startHere } from '$lib/start-here/start-here.svelte';
import { FOLLOW_GOAL } from '$lib/start-here/steps';
import type { PageLoad } from './$types';

// The search lives in the URL (?q=), so a search can be shared and Back works.
export const load = (async ({ url, parent }) => {
  const { viewer } = await parent(); // signed in first: no UNAUTHENTICATED round trip
  const search = url.searchParams.get('q')?.trim() ?? '';
  // The directory, and (for a newcomer's checklist and suggestions) the viewer's first steps, in parallel.
  const [result] = await Promise.all([
    getClient().query(PeopleDocument, { search: search || null, first: PEOPLE_PAGE_SIZE }, { requestPolicy: 'network-only' }).toPromise(),
    startHere.viewerId === viewer.id ? startHere.refresh() : startHere.start(viewer.id),
  ]);
  if (!result.data) return failLoad(result.error!);
  // Suggestions first for a newcomer (fixed for this visit: following one does not make the list jump).
  const steps = startHere.data;
  const suggested = !search && steps && steps.followingCount < FOLLOW_GOAL ? steps.suggestedPeople : [];
  return { search, people: result.data.people, suggested };
}) satisfies PageLoad;
