import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../graphql/node.js';
import { ConnectionOf } from '../graphql/relay.js';
import { Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';

@ObjectType('ShareAuthor', {
  description: 'Whose work a share credits: a member (`person`), or someone outside Ripple (`name`, maybe `handle` and `url`).',
})
export class ShareAuthor {
  @Field(() => Person, { nullable: true, description: 'The author when they are a member.' })
  person!: PersonEntity | null;

  @Field(() => String, { description: "The author's name: the member's, or the outside name given." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'An outside author’s handle elsewhere, e.g. "@ana@mastodon.social".' })
  handle!: string | null;

  @Field(() => String, { nullable: true, description: 'An outside author’s web page.' })
  url!: string | null;
}

/**
 * A piece of work shared to the feed, or a reshare of a share. The root
 * value at run time is the ShareEntity; only the fields here and the field
 * resolvers are exposed (never the idempotency key).
 */
@ObjectType('Share', { implements: Node, description: 'A piece of work shared to the feed, or a reshare.' })
export class Share extends Node {
  @Field(() => String, { description: 'The work’s address (a reshare shows the original’s).' })
  url!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'Why it is worth reading, in the sharer’s words (a resharer’s own note on a reshare; may be empty).' })
  note!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

export const ShareConnection = ConnectionOf(Share, 'Share');

/** One piece of work in the grouped feed (feed-items.ts); the shares are ShareEntity roots at run time. */
@ObjectType('FeedItem', {
  description: 'A piece of work in the feed, once: its original share and who reshared it lately; it rises again with each reshare.',
})
export class FeedItem {
  @Field(() => Share, { description: 'The original share: who first shared it, the work and its credit.' })
  share!: Share;

  @Field(() => [Share], { description: 'The latest reshares, newest first: one per person, at most 3.' })
  latestReshares!: Share[];

  @Field(() => Int, { description: 'How many members reshared it, each counted once.' })
  resharerCount!: number;

  @Field(() => DateTimeResolver, { description: 'When it was last shared or reshared (the feed is ordered by it).' })
  activeAt!: Date;
}

export const FeedItemConnection = ConnectionOf(FeedItem, 'FeedItem');

@InputType({ description: 'Credit the author as a member (`authorId`) or as an outside author (`authorName`, optional `authorHandle`, `authorUrl`), not both.' })
export class ShareWorkInput {
  @Field(() => String, { description: 'http(s), at most 2048 characters.' })
  url!: string;

  @Field(() => String, { description: '1–200 characters.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Why it is worth reading; at most 2000 characters.' })
  note?: string | null;

  @Field(() => ID, { nullable: true, description: 'The author, when a member (a Person id).' })
  authorId?: string | null;

  @Field(() => String, { nullable: true, description: 'The author, when not a member: 1–80 characters.' })
  authorName?: string | null;

  @Field(() => String, { nullable: true, description: 'An outside author’s handle elsewhere; at most 80 characters.' })
  authorHandle?: string | null;

  @Field(() => String, { nullable: true, description: 'An outside author’s web page, http(s).' })
  authorUrl?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Members who should see it (at most 20, not yourself); each is notified.' })
  mentionIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'At most 100 characters. The same key again returns the first result and stores nothing new; with a different request: CONFLICT.',
  })
  idempotencyKey?: string | null;
}
