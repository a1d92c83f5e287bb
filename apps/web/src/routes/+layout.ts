import { browser } from '$app/environment';
import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

// Rendered in the browser only: the app is for signed-in members, and the
// session cookie belongs to the API's host, so a server render here could
// not know who is asking. adapter-node still serves the app shell. The
// public pages that opt in (shares/[id]) are rendered signed out.
export const ssr = false;

export const load = (async () => {
  if (!browser) return;
  // Ask once who is signed in, so the header is right on every page (404s
  // included). A failure is reported by the (app) and (auth) layouts, which
  // ask again; here it must not take the whole app down.
  await session.ensure().catch(() => null);
}) satisfies LayoutLoad;
