/**
 * What the explorer says in words: the root's headline, each event's
 * sentence, the links from an event, and the summary sentence that is the
 * canvas's text alternative. Pure, so it is unit-tested alone.
 */
import type { EventKind, RippleRootFragment } from '@ripple/schema';
import { plural } from '$lib/people/plural';
import type { RippleFigures } from './figures';

/** What a missing ripple and one the viewer may not see both say (the API answers NOT_FOUND for either). */
export const NOT_YOURS = 'This ripple does not exist or is not yours to see.';

/** "Sarah Lee shared “Awkward Moments Experiment”". */
export function describeRoot(root: RippleRootFragment): string {
  const who = root.actor.name;
  const whom = root.subject?.name ?? 'someone';
  const title = root.share ? `“${root.share.title}”` : 'a piece of work';
  switch (root.kind) {
    case 'SHARED':
      return root.subject ? `${who} shared ${root.subject.name}’s ${title}` : `${who} shared ${title}`;
    case 'RESHARED':
      return `${who} reshared ${title}`;
    case 'INTRODUCED': {
      const other = root.introduction?.people.find((p) => p.id !== root.subject?.id);
      return other ? `${who} introduced ${whom} and ${other.name}` : `${who} introduced ${whom} to someone`;
    }
    default:
      return describeEvent(root.kind, who, whom, null);
  }
}

/** One event in a sentence, from the names of the people it involves. */
export function describeEvent(kind: EventKind, actor: string, subject: string | null, subject2: string | null, via?: string | null): string {
  const whom = subject ?? 'someone';
  switch (kind) {
    case 'SHARED':
      return subject ? `${actor} shared ${subject}’s work` : `${actor} shared a piece of work`;
    case 'RESHARED':
      return `${actor} reshared ${possessive(whom)} share`;
    case 'MENTIONED':
      return `${actor} mentioned ${whom} in a share`;
    case 'FOLLOWED':
      return via && via !== actor && via !== subject ? `${actor} followed ${whom}, from ${possessive(via)} card` : `${actor} followed ${whom}`;
    case 'INTRODUCED':
      return subject2 ? `${actor} introduced ${whom} and ${subject2}` : `${actor} introduced ${whom} to someone`;
    case 'CONNECTED':
      return `${actor} and ${whom} connected`;
    case 'MET':
      return `${actor} met ${whom}`;
    case 'THANKED':
      return `${actor} thanked ${whom}`;
    case 'JOINED':
      return `${actor} joined Ripple`;
    default:
      return `${actor} acted`;
  }
}

function possessive(name: string): string {
  return `${name}’s`;
}

export interface EventLink {
  href: string;
  text: string;
}

export interface EventForLinks {
  id: string;
  kind: EventKind;
  causeId: string | null;
  shareId: string | null;
  introductionId: string | null;
  /** Is the viewer one of the people the event names? */
  involvesViewer: boolean;
  /** The person the link to a card goes to (the sharer for shares), if a member. */
  person: { handle: string; name: string } | null;
}

/**
 * Where an event leads. A share has no page of its own yet, so a share
 * event links to the ripple of that share (a sub-ripple: everything the
 * share itself caused) and to the sharer's card; a mention or a thanks
 * links to the ripple of the share it is about (its cause). An
 * introduction's thread is private to its three people, so only they get
 * the link to their introductions. Every event but the root opens as the
 * root of its own sub-ripple.
 */
export function linksFor(event: EventForLinks, rootId: string): EventLink[] {
  const links: EventLink[] = [];
  const ripple = (id: string, text: string) => {
    if (id !== rootId) links.push({ href: `/ripples/${id}`, text });
  };
  switch (event.kind) {
    case 'SHARED':
    case 'RESHARED':
      ripple(event.id, 'Open the ripple of this share');
      break;
    case 'MENTIONED':
    case 'THANKED':
      if (event.causeId) ripple(event.causeId, 'Open the ripple of the share');
      ripple(event.id, 'Open the ripple from here');
      break;
    case 'INTRODUCED':
    case 'CONNECTED':
    case 'MET':
      if (event.involvesViewer && event.introductionId) links.push({ href: '/introductions', text: 'Open in my introductions' });
      ripple(event.id, 'Open the ripple from here');
      break;
    default:
      ripple(event.id, 'Open the ripple from here');
  }
  if (event.person) links.push({ href: `/people/${event.person.handle}`, text: `See ${possessive(event.person.name)} card` });
  return links;
}

/** The canvas's text alternative: what the picture shows, in a sentence or two. */
export function summarize(headline: string, figures: RippleFigures, shown: number, total: number): string {
  const parts = [
    `${headline}.`,
    total === 1
      ? 'Nothing has come of it yet.'
      : `Its ripple: ${plural(figures.size, 'event')} reaching ${plural(figures.peopleReached, 'person', 'people')}, ` +
        `${plural(figures.depth, 'hop')} deep, with ${plural(figures.newFollows, 'new follow')} ` +
        `and ${plural(figures.newConnections, 'new connection')}.`,
  ];
  if (shown < total) parts.push(`Replay: showing ${shown.toLocaleString('en')} of ${plural(total, 'event')}.`);
  return parts.join(' ');
}
