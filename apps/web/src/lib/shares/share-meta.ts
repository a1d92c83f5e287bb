import { plural } from '$lib/people/plural';

/**
 * What a share's page tells link previews (OpenGraph, Twitter cards) and
 * feed readers, pure so it is unit-tested alone. Escaping is the
 * renderer's: Svelte escapes attribute values, the `feed` package XML.
 */

/** The work's site, as a reader recognises it: "example.com" for https://www.example.com/a. */
export function siteOf(url: string): string | null {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return null;
    return hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

export interface SharePreviewInput {
  title: string;
  note: string;
  isReshare: boolean;
  sharerName: string;
  authorName: string;
}

/** Previews show at most this much of the note; longer ones end in an ellipsis. */
export const DESCRIPTION_MAX = 300;

/** og:description: the sharer's note, or (no note) a sentence saying who shared whose work. */
export function previewDescription(share: SharePreviewInput): string {
  const note = share.note.replace(/\s+/g, ' ').trim();
  if (note) return note.length <= DESCRIPTION_MAX ? note : `${note.slice(0, DESCRIPTION_MAX - 1).trimEnd()}…`;
  const verb = share.isReshare ? 'reshared' : 'shared';
  return `${share.sharerName} ${verb} “${share.title}” by ${share.authorName} on Ripple.`;
}

/** The page's <title>. */
export function pageTitle(share: Pick<SharePreviewInput, 'title' | 'sharerName'>): string {
  return `${share.title} · shared by ${share.sharerName} · Ripple`;
}

/** The three formats each feed is offered in, as `<link rel="alternate">` needs them. */
export const FEED_FORMATS = [
  { extension: 'rss', type: 'application/rss+xml', label: 'RSS' },
  { extension: 'atom', type: 'application/atom+xml', label: 'Atom' },
  { extension: 'json', type: 'application/feed+json', label: 'JSON Feed' },
] as const;

export type FeedFormat = (typeof FEED_FORMATS)[number]['extension'];

/** Where a feed lives: the community's at /feed.rss, a member's at /people/<id>/feed.rss. */
export function feedPath(format: FeedFormat, personId?: string): string {
  return personId ? `/people/${encodeURIComponent(personId)}/feed.${format}` : `/feed.${format}`;
}

/**
 * "A", "A and B", "A, B and C", "A, B and 3 others": each named person with
 * what follows their name, when `total` people did it and these are named.
 */
export function namesInAList<P>(named: readonly P[], total: number): { person: P; after: string }[] {
  const others = Math.max(0, total - named.length);
  return named.map((person, i) => {
    const last = i === named.length - 1;
    const after = last ? (others > 0 ? ` and ${plural(others, 'other')}` : '') : i === named.length - 2 && others === 0 ? ' and ' : ', ';
    return { person, after };
  });
}
