import { IntroductionsDocument, type IntroductionRole } from '@ripple/schema';
import { getClient } from '$lib/graphql/client';
import { failLoad } from '$lib/graphql/load-error';
import { INTRODUCTIONS_PAGE_SIZE } from '$lib/introductions/inbox';
import type { PageLoad } from './$types';

export const load = (async ({ parent }) => {
  await parent(); // signed in first: no UNAUTHENTICATED round trip
  const client = getClient();
  const list = (role: IntroductionRole) =>
    client.query(IntroductionsDocument, { role, first: INTRODUCTIONS_PAGE_SIZE }, { requestPolicy: 'network-only' }).toPromise();
  // The three lists at once.
  const [asked, introduced, connected] = await Promise.all([list('ASKED'), list('INTRODUCED'), list('CONNECTED')]);
  for (const result of [asked, introduced, connected]) if (!result.data) return failLoad(result.error!);
  return {
    asked: asked.data!.introductions,
    introduced: introduced.data!.introductions,
    connected: connected.data!.introductions,
  };
}) satisfies PageLoad;
