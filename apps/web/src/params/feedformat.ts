import type { ParamMatcher } from '@sveltejs/kit';

/** The formats each feed comes in: /feed.rss, /feed.atom, /feed.json. */
export const match = ((param: string): param is 'rss' | 'atom' | 'json' =>
  param === 'rss' || param === 'atom' || param === 'json') satisfies ParamMatcher;
