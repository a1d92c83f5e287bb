import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { wrap } from '@mikro-orm/core';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { localIdOf, pageComplexity, PageArgs, pageRequest, toGlobalId } from '../graphql/relay.js';
import { EventConnection } from '../events/event.types.js';
import { eventsByActor } from '../events/event-queries.js';
import { PersonEntity } from './person.entity.js';
import { registerNodeType } from '../graphql/node.js';
import { ContactDetails, Person, PersonConnection, UpdateProfileInput } from './person.types.js';
import * as people from './people.service.js';
import { toVCard } from './vcard.js';

registerNodeType({
  name: 'Person',
  isTypeOf: (value) => value instanceof PersonEntity,
  load: (ctx, id) => ctx.loaders.people.personById.load(id),
  // A member's card is public (contact details stay for connections): a feed
  // reader follows a member's public shares through it.
  signedOut: true,
});

@Resolver(() => Person)
export class PeopleResolver {
  @Query(() => Person, { nullable: true, description: 'Who is signed in; null when nobody is.' })
  viewer(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): PersonEntity | Promise<PersonEntity | null> | null {
    const viewer = ctx.viewer;
    if (!viewer) return null;
    // Only the id asked for: the session knows it (no EntityManager, no SQL);
    // the Person type's `id` reads nothing else.
    if (asksOnlyForId(info)) return { id: viewer.personId ?? viewer.person.id } as PersonEntity;
    // A session recalled from the cache brings a reference holding only the id: read the card.
    const person = viewer.person;
    return wrap(person).isInitialized() ? person : ctx.loaders.people.personById.load(person.id);
  }

  @Query(() => Person, { description: 'A member by handle. NOT_FOUND if there is none.' })
  person(@Arg('handle', () => String) handle: string, @Ctx() ctx: Context) {
    requireViewer(ctx);
    return people.personByHandle(ctx.em, handle);
  }

  @Query(() => PersonConnection, { complexity: pageComplexity, description: 'The member directory, by name.' })
  people(
    @Arg('search', () => String, { nullable: true, description: 'Part of a name or handle.' }) search: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    requireViewer(ctx);
    return people.searchPeople(ctx.em, { search }, pageRequest(page));
  }

  @Mutation(() => Person, { description: "Edits the viewer's card. A new email needs `currentPassword`." })
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return people.updateProfile(ctx.em, requireViewer(ctx), { ...input }, { clientAddress: ctx.clientAddress, limits: ctx.limits });
  }

  @Mutation(() => Person, { description: 'Follows a person (again: no change). Returns them with fresh counts.' })
  follow(
    @Arg('personId', () => ID) personId: string,
    @Arg('via', () => ID, { nullable: true, description: 'The event that led to this follow, e.g. a share; it becomes the cause.' })
    via: string | null,
    @Ctx() ctx: Context,
  ) {
    const viewer = requireViewer(ctx);
    // A malformed or foreign-typed id is NOT_FOUND, the same as a missing one.
    const viaId = via == null ? null : (localIdOf(via, 'Event') ?? '0');
    return people.follow(ctx.em, viewer, localIdOf(personId, 'Person'), viaId);
  }

  @Mutation(() => Person, { description: 'Stops following a person (not following: no change).' })
  unfollow(@Arg('personId', () => ID) personId: string, @Ctx() ctx: Context) {
    return people.unfollow(ctx.em, requireViewer(ctx), localIdOf(personId, 'Person'));
  }

  @FieldResolver(() => ID)
  id(@Root() person: PersonEntity): string {
    return toGlobalId('Person', person.id);
  }

  @FieldResolver(() => Int)
  followerCount(@Root() person: PersonEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.followerCount.ready(person.id);
  }

  @FieldResolver(() => Int)
  followingCount(@Root() person: PersonEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.followingCount.load(person.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer follows this person.' })
  viewerFollows(@Root() person: PersonEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.viewerFollows.ready(person.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this person follows the viewer.' })
  followsViewer(@Root() person: PersonEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.followsViewer.load(person.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is the viewer.' })
  isViewer(@Root() person: PersonEntity, @Ctx() ctx: Context): boolean {
    return ctx.viewer?.person.id === person.id;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer and this person have been introduced and connected.' })
  isConnection(@Root() person: PersonEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.connectedToViewer.load(person.id);
  }

  @FieldResolver(() => ContactDetails, {
    nullable: true,
    description: 'Email and phone: only for the person and their connections; null for everyone else.',
  })
  async contact(@Root() person: PersonEntity, @Ctx() ctx: Context): Promise<ContactDetails | null> {
    return (await maySeeContact(person, ctx)) ? { email: person.email, phone: person.phone } : null;
  }

  @FieldResolver(() => String, { description: 'The card as a vCard 4.0; contact lines only where `contact` is visible.' })
  async vcard(@Root() person: PersonEntity, @Ctx() ctx: Context): Promise<string> {
    const contact = (await maySeeContact(person, ctx)) ? { email: person.email, phone: person.phone } : null;
    return toVCard({ ...person, cardUrl: new URL(`/people/${person.handle}`, ctx.config.PUBLIC_WEB_URL).toString(), contact });
  }

  @FieldResolver(() => PersonConnection, { complexity: pageComplexity, description: 'Who follows this person, newest first.' })
  followers(@Root() person: PersonEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    requireViewer(ctx);
    return people.followList(ctx.em, person.id, 'followers', pageRequest(page));
  }

  @FieldResolver(() => PersonConnection, { complexity: pageComplexity, description: 'Whom this person follows, newest first.' })
  following(@Root() person: PersonEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    requireViewer(ctx);
    return people.followList(ctx.em, person.id, 'following', pageRequest(page));
  }

  @FieldResolver(() => EventConnection, {
    complexity: pageComplexity,
    description: "This person's acts that the viewer may see, newest first.",
  })
  activity(@Root() person: PersonEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return eventsByActor(ctx.em, requireViewer(ctx), person.id, pageRequest(page));
  }
}

async function maySeeContact(person: PersonEntity, ctx: Context): Promise<boolean> {
  if (!ctx.viewer) return false;
  return ctx.viewer.person.id === person.id || ctx.loaders.people.connectedToViewer.load(person.id);
}

/** `{ id }` or `{ __typename id }`: nothing that needs more of the person than their id. */
function asksOnlyForId(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every(
      (selection) =>
        selection.kind === Kind.FIELD && !selection.directives?.length && ['id', '__typename'].includes(selection.name.value),
    ),
  );
}
