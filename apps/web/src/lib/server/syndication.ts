import { Feed } from 'feed';
import type { SyndicatedShareFragment } from '@ripple/schema';
import { FEED_FORMATS, feedPath, type FeedFormat } from '$lib/shares/share-meta';

/**
 * The community's public shares and each member's, as RSS 2.0, Atom 1.0 and
 * JSON Feed 1.1, built with the `feed` package (it escapes what members
 * typed). Every item links to the share's own page on this site, so a
 * reader lands where the share can be thanked, reshared and followed.
 */

/** Items per feed: a reader polls, so the newest are enough. */
export const FEED_SIZE = 50;

export interface FeedSubject {
  title: string;
  description: string;
  /** The page a reader opens for the feed as a whole (absolute). */
  home: string;
  /** A member's global id, for their own feed's addresses. */
  personId?: string;
}

export function buildFeed(origin: string, subject: FeedSubject, shares: readonly SyndicatedShareFragment[]): Feed {
  const absolute = (path: string) => new URL(path, origin).toString();
  const newest = shares[0] ? new Date(shares[0].createdAt) : new Date(0);
  const feed = new Feed({
    id: absolute(feedPath('atom', subject.personId)),
    title: subject.title,
    description: subject.description,
    link: subject.home,
    language: 'en',
    updated: newest,
    generator: 'Ripple',
    feedLinks: Object.fromEntries(FEED_FORMATS.map((f) => [f.extension, absolute(feedPath(f.extension, subject.personId))])),
    copyright: 'Each note belongs to the member who wrote it; each work to its author.',
  });
  for (const share of shares) {
    const page = absolute(`/shares/${encodeURIComponent(share.id)}`);
    const sharer = { name: share.sharer.name, link: absolute(`/people/${encodeURIComponent(share.sharer.handle)}`) };
    feed.addItem({
      title: share.isReshare ? `${share.sharer.name} reshared: ${share.title}` : share.title,
      id: page,
      guid: page,
      link: page,
      date: new Date(share.createdAt),
      description: summary(share),
      author: [sharer],
    });
  }
  return feed;
}

/** The item's text: the note, then whose work it is and where it lives. */
function summary(share: SyndicatedShareFragment): string {
  const verb = share.isReshare && share.resharedFrom ? `reshared from ${share.resharedFrom.sharer.name}` : share.isReshare ? 'reshared' : 'shared';
  const by = `“${share.title}” by ${share.author.name}, ${verb} by ${share.sharer.name}: ${share.url}`;
  return share.note ? `${share.note}\n\n${by}` : by;
}

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** The feed in one format, with its content type; readers poll, so a short shared cache is fine. */
export function feedResponse(feed: Feed, format: FeedFormat): Response {
  const body = format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : jsonFeed11(feed.json1());
  return new Response(body, {
    headers: { 'content-type': CONTENT_TYPES[format], 'cache-control': 'public, max-age=300' },
  });
}

/**
 * `feed` writes JSON Feed 1.0; 1.1 (the current version) renames `author`
 * to `authors` (a list) and adds `language`. Everything else is the same.
 */
function jsonFeed11(json: string): string {
  const doc = JSON.parse(json) as Record<string, unknown> & { items?: Record<string, unknown>[] };
  const toAuthors = (o: Record<string, unknown>) => {
    if (o.author && !o.authors) o.authors = [o.author];
    delete o.author;
  };
  doc.version = 'https://jsonfeed.org/version/1.1';
  doc.language = 'en';
  toAuthors(doc);
  for (const item of doc.items ?? []) toAuthors(item);
  return JSON.stringify(doc, null, 2);
}
