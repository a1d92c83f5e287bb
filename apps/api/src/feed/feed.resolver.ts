import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { badInput, notFound } from '../graphql/errors.js';
import { requireViewer } from '../graphql/guards.js';
import { whenReady } from '../graphql/loaders.js';
import { registerNodeType } from '../graphql/node.js';
import { localIdOf, pageComplexity, PageArgs, pageRequest, toGlobalId } from '../graphql/relay.js';
import { EventVisibility, type EventEntity } from '../events/event.entity.js';
import { canSeeEvent } from '../events/event-visibility.js';
import { Event } from '../events/event.types.js';
import { PersonEntity } from '../people/person.entity.js';
import { Person } from '../people/person.types.js';
import { FeedItemConnection, Share, ShareAuthor, ShareConnection, ShareWorkInput } from './feed.types.js';
import { feedItemsPage } from './feed-items.js';
import * as feed from './feed.service.js';
import { ShareEntity } from './share.entity.js';

registerNodeType({
  name: 'Share',
  isTypeOf: (value) => value instanceof ShareEntity,
  load: (ctx, id) => visibleShare(ctx, id),
  // A share's own page and link previews are for anyone: public shares only.
  signedOut: true,
});

/** A malformed or foreign-typed id is NOT_FOUND, the same as a missing one. */
const shareIdOf = (id: string) => localIdOf(id, 'Share') ?? '0';
const personIdOf = (id: string) => localIdOf(id, 'Person') ?? '0';

@Resolver(() => Share)
export class FeedResolver {
  @Query(() => ShareConnection, { complexity: pageComplexity, description: 'Every share and reshare, newest first (signed out: the public ones).' })
  feed(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    // Signed out (a feed reader, via the web app): public shares only.
    return feed.feedPage(ctx.em, ctx.viewer, pageRequest(page));
  }

  @Query(() => FeedItemConnection, {
    complexity: pageComplexity,
    description:
      'The feed by piece of work: each appears once, with its latest reshares, most recently active first (a reshare brings it back to the top).',
  })
  feedItems(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return feedItemsPage(ctx, pageRequest(page));
  }

  @Query(() => Share, {
    description: 'A share by id, as `node(id)` reads it: NOT_FOUND if there is none or it is not for the viewer (signed out: public shares only).',
  })
  async share(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const share = await visibleShare(ctx, shareIdOf(id));
    if (!share) throw notFound('That share');
    return share;
  }

  @Mutation(() => Share, { description: "Shares a piece of work to the feed, crediting its author; mentioned members are told." })
  shareWork(@Arg('input', () => ShareWorkInput) input: ShareWorkInput, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx);
    return feed.shareWork(ctx.em, viewer, {
      ...input,
      authorId: input.authorId == null ? null : personIdOf(input.authorId),
      mentionIds: input.mentionIds?.map(personIdOf),
    });
  }

  @Mutation(() => Share, {
    description: 'Reshares a share (or a reshare) with an optional note. Not your own share (BAD_USER_INPUT).',
  })
  reshare(
    @Arg('shareId', () => ID) shareId: string,
    @Arg('note', () => String, { nullable: true, description: 'Why you reshare it; at most 2000 characters.' }) note: string | null,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: 'At most 100 characters; the same key again returns the first result. A different request: CONFLICT.',
    })
    idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ) {
    const viewer = requireViewer(ctx);
    return feed.reshare(ctx.em, viewer, shareIdOf(shareId), { note, idempotencyKey });
  }

  @Mutation(() => Share, { description: 'Thanks the sharer (again: no change). Not your own share (BAD_USER_INPUT).' })
  thank(@Arg('shareId', () => ID) shareId: string, @Ctx() ctx: Context) {
    return feed.thank(ctx.em, requireViewer(ctx), shareIdOf(shareId));
  }

  @Subscription(() => Event, {
    description:
      'SHARED and RESHARED events as they happen. With `since` (an Event id, e.g. the last one received), first every such event after it, in order, then live: nothing missed, nothing twice.',
    subscribe: ({ args, context }) => {
      const since = (args as { since?: string | null }).since ?? null;
      const sinceId = since === null ? null : localIdOf(since, 'Event');
      if (since !== null && sinceId === null) {
        throw badInput('`since` is not an event id.', [{ field: 'since', message: 'is not an event id' }]);
      }
      return feed.feedEvents(context as Context, sinceId);
    },
  })
  feedEvents(
    @Root() event: EventEntity,
    @Arg('since', () => ID, { nullable: true, description: 'Resume after this event.' }) _since: string | null,
  ): EventEntity {
    return event;
  }

  @FieldResolver(() => ID)
  id(@Root() share: ShareEntity): string {
    return toGlobalId('Share', share.id);
  }

  @FieldResolver(() => Person, { description: 'Who shared (or reshared) it.' })
  sharer(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.personById.ready(share.sharerId) as PersonEntity | Promise<PersonEntity>;
  }

  @FieldResolver(() => ShareAuthor, { description: 'Whose work it is (on a reshare: the original’s author).' })
  author(@Root() share: ShareEntity, @Ctx() ctx: Context): ShareAuthor | Promise<ShareAuthor> {
    return whenReady(originalOf(share, ctx), (original) => {
      if (!original.authorPersonId) {
        return { person: null, name: original.authorName ?? '', handle: original.authorHandle, url: original.authorUrl };
      }
      return whenReady(ctx.loaders.people.personById.ready(original.authorPersonId), (person) => ({
        person,
        name: person!.name,
        handle: null,
        url: null,
      }));
    });
  }

  @FieldResolver(() => [Person], { description: 'Members the share mentions (a reshare mentions no one).' })
  mentions(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.feed.mentions.ready(share.id);
  }

  @FieldResolver(() => Share, { nullable: true, description: 'For a reshare: the share it reshares (maybe itself a reshare).' })
  resharedFrom(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return share.reshareOfId ? ctx.loaders.feed.shareById.ready(share.reshareOfId) : null;
  }

  @FieldResolver(() => Share, { description: 'The original share (itself, for an original).' })
  original(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return originalOf(share, ctx);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is a reshare.' })
  isReshare(@Root() share: ShareEntity): boolean {
    return share.reshareOfId !== null;
  }

  @FieldResolver(() => Int, { description: 'Reshares of the original, including reshares of reshares.' })
  reshareCount(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.feed.reshareCount.ready(share.originalId);
  }

  @FieldResolver(() => Int, { description: 'Members who reshared the original, each counted once.' })
  resharerCount(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.feed.resharerCount.load(share.originalId);
  }

  @FieldResolver(() => [Person], { description: 'The latest members to reshare the original, newest first, each once; at most 5.' })
  async latestResharers(@Root() share: ShareEntity, @Ctx() ctx: Context): Promise<PersonEntity[]> {
    const ids = await ctx.loaders.feed.latestResharerIds.load(share.originalId);
    const people = await ctx.loaders.people.personById.loadMany(ids);
    return people.filter((person): person is PersonEntity => person instanceof PersonEntity);
  }

  @FieldResolver(() => Int, { description: 'How many members thanked the sharer of this share.' })
  thanksCount(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.feed.thanksCount.ready(share.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer has already reshared this piece of work (its original).' })
  viewerReshared(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.feed.viewerResharedOriginal.ready(share.originalId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer thanked the sharer of this share.' })
  viewerThanked(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.feed.viewerThanked.ready(share.id);
  }

  @FieldResolver(() => Int, {
    description: "Events in the ripple of the original's SHARED event: the share and everything it led to, transitively.",
  })
  rippleSize(@Root() share: ShareEntity, @Ctx() ctx: Context): number | Promise<number> {
    return whenReady(originalOf(share, ctx), (original) => ctx.loaders.feed.rippleSize.ready(original.eventId));
  }

  @FieldResolver(() => Event, {
    description: 'The SHARED or RESHARED event: pass its id as `follow(via:)` to join the ripple, or open the ripple from it.',
  })
  event(@Root() share: ShareEntity, @Ctx() ctx: Context) {
    return ctx.loaders.events.eventById.ready(share.eventId) as EventEntity | Promise<EventEntity>;
  }
}

/** `Event.share`: the share an event is about (a share, reshare, mention or thanks). */
@Resolver(() => Event)
export class EventShareResolver {
  @FieldResolver(() => Share, { nullable: true, description: 'The share this event is about, if any.' })
  share(@Root() event: EventEntity, @Ctx() ctx: Context) {
    return event.subjectShareId ? ctx.loaders.feed.shareById.load(event.subjectShareId) : null;
  }
}

/** A share whose event the viewer may see (signed out: public ones only), else null. */
async function visibleShare(ctx: Context, id: string): Promise<ShareEntity | null> {
  const share = await ctx.loaders.feed.shareById.load(id);
  const event = share && (await ctx.loaders.events.eventById.load(share.eventId));
  if (!event) return null;
  const visible = event.visibility === EventVisibility.PUBLIC || canSeeEvent(ctx.viewer?.person.id ?? null, event);
  return visible ? share : null;
}

function originalOf(share: ShareEntity, ctx: Context): ShareEntity | Promise<ShareEntity> {
  if (share.originalId === share.id) return share;
  return ctx.loaders.feed.shareById.ready(share.originalId) as ShareEntity | Promise<ShareEntity>;
}

@Resolver(() => Person)
export class PersonSharesResolver {
  @FieldResolver(() => ShareConnection, { complexity: pageComplexity, description: "This person's shares and reshares, newest first (signed out: the public ones)." })
  shares(@Root() person: PersonEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return feed.feedPage(ctx.em, ctx.viewer, pageRequest(page), { sharerId: person.id });
  }
}
