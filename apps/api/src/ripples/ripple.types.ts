import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { EventKind } from '../events/event.entity.js';
import { Event } from '../events/event.types.js';
import { ConnectionOf } from '../graphql/relay.js';

export enum RippleRole {
  STARTED = 'STARTED',
  IN = 'IN',
}

registerEnumType(RippleRole, {
  name: 'RippleRole',
  description: 'Which of the viewer’s ripples to list.',
  valuesConfig: {
    STARTED: { description: 'The viewer’s own acts that caused at least one other event, each with its ripple.' },
    IN: { description: 'Whole ripples started by someone else that hold an event by or about the viewer.' },
  },
});

@ObjectType({ description: 'The figures of one ripple.' })
export class RippleStats {
  @Field(() => Int, { description: 'Events in the ripple, its root included (a re-follow through the same ripple does not join it again).' })
  size!: number;

  @Field(() => Int, { description: 'The most hops from the root to any event (0 for the root alone).' })
  depth!: number;

  @Field(() => Int, { description: 'The most events at any one depth: the ripple’s broadest wave (the root’s level counts, so at least 1).' })
  widestLevel!: number;

  @Field(() => Int, { description: 'Distinct people who acted or were acted upon, each counted once.' })
  peopleReached!: number;

  @Field(() => Int, { description: 'Connections made in the ripple (CONNECTED events; a pair connects once).' })
  newConnections!: number;

  @Field(() => Int, { description: 'Distinct people who followed someone in the ripple, each counted once however often they re-follow.' })
  newFollows!: number;

  @Field(() => Float, {
    description: 'Mean distance between two events of the tree (Goel et al. 2015): 0 for one event, (n+1)/3 for a chain of n, below 2 for a broadcast.',
  })
  structuralVirality!: number;

  @Field(() => Float, { nullable: true, description: 'Seconds from the root to its first effect; null while it has none.' })
  timeToFirstRipple!: number | null;

  @Field(() => Float, { description: 'Seconds from the root to the latest event of the ripple.' })
  timeSpan!: number;
}

/**
 * One event of a ripple, flat on purpose: a ripple can hold thousands, and
 * every field here is already in memory once the ripple is read. People and
 * events are referred to by global id (people come once each in
 * `Ripple.people`; any of them opens with `node(id:)`).
 */
@ObjectType({ description: 'One event inside a ripple. Its `id` is the Event’s global id.' })
export class RippleEvent {
  @Field(() => ID, { description: 'The Event’s global id (`node(id:)` opens it).' })
  id!: string;

  @Field(() => EventKind)
  kind!: EventKind;

  @Field(() => ID, { description: 'Who acted: a Person id.' })
  actorId!: string;

  @Field(() => ID, { nullable: true, description: 'The person acted upon, if any: a Person id.' })
  subjectId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The second person, for acts on a pair (an introduction, a connection).' })
  subject2Id!: string | null;

  @Field(() => ID, { nullable: true, description: 'The share it is about, if any: a Share id.' })
  shareId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The introduction it is about, if any: an Introduction id.' })
  introductionId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Its parent in this ripple (an Event id); null for the ripple’s root.' })
  causeId!: string | null;

  @Field(() => Int, { description: 'Hops from this ripple’s root (the root is 0), whatever its depth in a larger tree.' })
  depth!: number;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

@ObjectType({ description: 'A person in a ripple, once, with how many of its events passed through them.' })
export class RipplePerson {
  @Field(() => ID, { description: 'The Person’s global id.' })
  id!: string;

  @Field(() => String)
  handle!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  avatarUrl!: string | null;

  @Field(() => Int, { description: 'Events of this ripple they acted in or were the subject of.' })
  eventCount!: number;
}

export const RippleEventConnection = ConnectionOf(RippleEvent, 'RippleEvent');
export const RipplePersonConnection = ConnectionOf(RipplePerson, 'RipplePerson');

/** How a ripple's lists page: generous pages, since one read serves them all. */
export const RIPPLE_PAGE = { default: 1_000, max: 1_000, itemsPerCostUnit: 10 } as const;

@ArgsType()
export class RipplePageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many to return (default ${RIPPLE_PAGE.default}, at most ${RIPPLE_PAGE.max}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

export const RippleSnapshotScalar = new GraphQLScalarType({
  name: 'RippleSnapshot',
  description:
    'A whole ripple in one compact, columnar JSON value (no object per event): event columns by position (0 is the ripple’s root, every event after its cause), indexing into tables of people, shares and introductions. Format: packages/schema/src/ripple-snapshot.ts (`v` is its version).',
  serialize: (value) => value,
  parseValue: () => {
    throw new TypeError('RippleSnapshot is an output type.');
  },
  parseLiteral: () => {
    throw new TypeError('RippleSnapshot is an output type.');
  },
});

@ObjectType({ description: 'A ripple beside the community’s whole ripples of about its size (Juul & Ugander 2021).' })
export class RippleComparison {
  @Field(() => Float, {
    description: 'Percent of the compared ripples whose structural virality is lower than this one’s (ties count half): 90 means more chain-like than 90% of ripples its size.',
  })
  viralityPercentile!: number;

  @Field(() => Int, { description: 'How many whole public ripples it is compared with.' })
  comparedWith!: number;

  @Field(() => Int, { description: 'The smallest size compared.' })
  sizeFrom!: number;

  @Field(() => Int, { description: 'The largest size compared.' })
  sizeTo!: number;
}

/**
 * The tree of everything one event caused, transitively, as the viewer may
 * see it. Read with one index range scan, whatever its size; its figures
 * are one row kept up to date as events are appended.
 */
@ObjectType({ description: 'The tree of everything one event caused, transitively: its events, people and figures.' })
export class Ripple {
  @Field(() => Event, { description: 'The event whose ripple this is.' })
  root!: Event;

  @Field(() => RippleStats)
  stats!: RippleStats;
}

@ObjectType({ description: 'A ripple in a list: its root event and its figures.' })
export class RippleSummary {
  @Field(() => Event, { description: 'The event whose ripple this is; `ripple(eventId:)` opens it whole.' })
  root!: Event;

  @Field(() => RippleStats)
  stats!: RippleStats;
}

export const RippleSummaryConnection = ConnectionOf(RippleSummary, 'RippleSummary');
