/**
 * The whole ripple of one event in one compact, columnar value: the
 * `RippleSnapshot` scalar of `Ripple.snapshot`. A ripple can hold 100,000
 * events, so there is no object per event: each event is a position `i`
 * (0 is the ripple's own root; every event comes after its cause, in the
 * order the events happened) and each of its facts is the `i`-th entry of a
 * column. People, shares and introductions are tables the columns index
 * into, each listed once. Only events the viewer may see are in it.
 *
 * A GraphQL list of objects would cost one completed value per field per
 * event; one scalar costs one serialisation of plain arrays.
 *
 * The one definition, for the API and (through @ripple/schema) the web
 * client alike; free of imports, so the browser bundles it as is.
 */
export const RIPPLE_SNAPSHOT_VERSION = 1;

/** No person, share or introduction: the value of an index column where there is none. */
export const NO_INDEX = -1;

export interface RippleSnapshotData<Kind extends string = string> {
  /** The format's version; a client that does not know it should page `Ripple.events` instead. */
  v: typeof RIPPLE_SNAPSHOT_VERSION;
  /** How many events (the length of every event column). */
  size: number;
  /** The root event's createdAt, epoch milliseconds; `at` counts from here. */
  startedAt: number;
  /**
   * The newest event's global id: subscribe to `rippleEvents(eventId, since: cursor)`
   * to receive everything after the snapshot, without a gap or a repeat.
   */
  cursor: string;
  /** The event kinds present, in first-appearance order; `kind` indexes into it. */
  kinds: Kind[];
  /** One entry per event, in order. */
  events: {
    /** The event's global id (`node(id:)`, `ripple(eventId:)`). */
    id: string[];
    /** Index into `kinds`. */
    kind: number[];
    /** Position of its cause in this ripple; -1 for position 0, the root. */
    parent: number[];
    /** Milliseconds after `startedAt` (never negative). */
    at: number[];
    /** Who acted: index into `people`. */
    actor: number[];
    /** The person acted upon: index into `people`, or -1. */
    subject: number[];
    /** The second person of an act on a pair (an introduction): index into `people`, or -1. */
    subject2: number[];
    /** The share it is about: index into `shares`, or -1. */
    share: number[];
    /** The introduction it is about: index into `introductions`, or -1. */
    introduction: number[];
  };
  /** Everyone in the ripple, once each, in the order they first appear. */
  people: {
    id: string[];
    handle: string[];
    name: string[];
    avatarUrl: (string | null)[];
  };
  /** The shares its events are about, once each. */
  shares: {
    id: string[];
    /** The shared work's title (a reshare carries its original's). */
    title: string[];
  };
  /** The introductions its events are about, once each. */
  introductions: {
    id: string[];
  };
}
