import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { registerNodeType } from '../graphql/node.js';
import { badInput } from '../graphql/errors.js';
import { localIdOf, pageComplexity, PageArgs, pageRequest, toGlobalId } from '../graphql/relay.js';
import { Event } from '../events/event.types.js';
import type { EventEntity } from '../events/event.entity.js';
import { liveEvents } from '../live/event-streams.js';
import { Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';
import { IntroductionAnswer, IntroductionMode, IntroductionStatus, CloseReason, type IntroductionMessageEntity } from './introduction.entity.js';
import { effectiveStatus, otherSide, type IntroductionView } from './introduction-view.js';
import {
  Introduction,
  IntroductionConnection,
  IntroductionListRole,
  IntroductionMessage,
  IntroductionMessageConnection,
  IntroductionPartyAnswer,
  IntroductionResponseInput,
  ProposeIntroductionInput,
} from './introduction.types.js';
import * as introductions from './introductions.service.js';

const DAY_MS = 86_400_000;

registerNodeType({
  name: 'Introduction',
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'introduction' in value && 'role' in value,
  load: async (ctx, id) => (await ctx.loaders.introductions.byId.load(id)) ?? null,
});

const introductionId = (id: string) => localIdOf(id, 'Introduction');

@Resolver(() => Introduction)
export class IntroductionsResolver {
  @Query(() => Introduction, { description: 'NOT_FOUND unless you are its connector or one of the two people asked.' })
  introduction(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return introductions.introductionFor(ctx.em, requireViewer(ctx), introductionId(id));
  }

  @Query(() => IntroductionConnection, { complexity: pageComplexity, description: 'Your introductions, newest first.' })
  introductions(
    @Arg('role', () => IntroductionListRole) role: IntroductionListRole,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return introductions.listIntroductions(ctx.em, requireViewer(ctx), role, pageRequest(page));
  }

  @Mutation(() => Introduction, {
    description: 'Proposes that two people meet; each is asked privately. FORBIDDEN unless each is connected with you or follows you.',
  })
  proposeIntroduction(@Arg('input', () => ProposeIntroductionInput) input: ProposeIntroductionInput, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx);
    const withinBudget = ctx.limits.beforeIntroductionProposal(viewer.person.id); // RATE_LIMITED per connector
    // A malformed id is NOT_FOUND, like a missing person.
    const personAId = localIdOf(input.personAId, 'Person') ?? '0';
    const personBId = localIdOf(input.personBId, 'Person') ?? '0';
    return withinBudget.then(() => introductions.proposeIntroduction(ctx.em, viewer, { ...input, personAId, personBId }, ctx.config));
  }

  @Mutation(() => Introduction, { description: 'Answer an introduction asked of you.' })
  respondToIntroduction(
    @Arg('introductionId', () => ID) id: string,
    @Arg('response', () => IntroductionResponseInput) response: IntroductionResponseInput,
    @Ctx() ctx: Context,
  ) {
    return introductions.respondToIntroduction(ctx.em, requireViewer(ctx), introductionId(id), response, ctx.config);
  }

  @Mutation(() => Introduction, { description: 'The connector closes an open introduction. Nobody is told why.' })
  withdrawIntroduction(@Arg('introductionId', () => ID) id: string, @Ctx() ctx: Context) {
    return introductions.withdrawIntroduction(ctx.em, requireViewer(ctx), introductionId(id));
  }

  @Mutation(() => Introduction, { description: '"Did you meet?" — yes becomes a MET event in the ripple.' })
  recordMeeting(@Arg('introductionId', () => ID) id: string, @Arg('met', () => Boolean) met: boolean, @Ctx() ctx: Context) {
    return introductions.recordMeeting(ctx.em, requireViewer(ctx), introductionId(id), met);
  }

  @Mutation(() => IntroductionMessage, { description: 'Posts to the three-way thread of a connected introduction.' })
  postIntroductionMessage(@Arg('introductionId', () => ID) id: string, @Arg('body', () => String) body: string, @Ctx() ctx: Context) {
    return introductions.postMessage(ctx.em, requireViewer(ctx), introductionId(id), body);
  }

  @Subscription(() => Event, {
    description:
      'Changes to your introductions (asks, answers you may see, connections, closes, thread messages). ' +
      'Replays everything after `since` (an Event id), then streams live.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const viewer = requireViewer(ctx);
      const since = args.since == null ? null : localIdOf(args.since, 'Event');
      if (args.since != null && since === null) throw badInput('`since` is not an event id.', [{ field: 'since', message: 'is not an event id' }]);
      const me = viewer.person.id;
      return liveEvents(ctx, since, {
        sql: `e.subject_introduction_id is not null and (?::bigint = any(e.audience) or ?::bigint in (e.actor_id, e.subject_person_id, e.subject_person2_id))`,
        params: [me, me],
        matches: (e) =>
          e.subjectIntroductionId !== null &&
          (e.audience.includes(me) || [e.actorId, e.subjectPersonId, e.subjectPerson2Id].includes(me)),
      });
    },
  })
  introductionUpdates(@Root() event: EventEntity, @Arg('since', () => ID, { nullable: true }) _since: string | null): EventEntity {
    return event;
  }

  // ——— the Introduction as the viewer may see it ———

  @FieldResolver(() => ID)
  id(@Root() view: IntroductionView) {
    return toGlobalId('Introduction', view.introduction.id);
  }

  @FieldResolver(() => Person)
  async connector(@Root() view: IntroductionView, @Ctx() ctx: Context) {
    return ctx.loaders.people.personById.load(view.introduction.connectorId);
  }

  @FieldResolver(() => [Person], { description: 'A and B.' })
  async people(@Root() view: IntroductionView, @Ctx() ctx: Context) {
    return ctx.loaders.people.personById.loadMany([view.parties.A.personId, view.parties.B.personId]);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'For A or B: the person they are being introduced to. Null for the connector.' })
  otherPerson(@Root() view: IntroductionView, @Ctx() ctx: Context): Promise<PersonEntity | null> | null {
    if (view.role === 'CONNECTOR') return null;
    return ctx.loaders.people.personById.load(view.parties[otherSide(view.role)].personId);
  }

  @FieldResolver(() => String)
  reason(@Root() view: IntroductionView) {
    return view.introduction.reason;
  }

  @FieldResolver(() => String, { nullable: true, description: "The connector's private note to you (A or B)." })
  noteToMe(@Root() view: IntroductionView) {
    if (view.role === 'CONNECTOR') return null;
    return view.role === 'A' ? view.introduction.noteForA : view.introduction.noteForB;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Connector only.' })
  noteForA(@Root() view: IntroductionView) {
    return view.role === 'CONNECTOR' ? view.introduction.noteForA : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Connector only.' })
  noteForB(@Root() view: IntroductionView) {
    return view.role === 'CONNECTOR' ? view.introduction.noteForB : null;
  }

  @FieldResolver(() => IntroductionMode)
  mode(@Root() view: IntroductionView) {
    return view.introduction.mode;
  }

  @FieldResolver(() => IntroductionStatus)
  status(@Root() view: IntroductionView) {
    return effectiveStatus(view.introduction);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you made this introduction.' })
  viewerIsConnector(@Root() view: IntroductionView) {
    return view.role === 'CONNECTOR';
  }

  @FieldResolver(() => IntroductionAnswer, { nullable: true, description: 'Your own answer (A or B).' })
  myAnswer(@Root() view: IntroductionView) {
    return view.role === 'CONNECTOR' ? null : view.parties[view.role].response;
  }

  @FieldResolver(() => DateTimeResolver, { nullable: true, description: 'After "not now": when this ask comes back.' })
  snoozedUntil(@Root() view: IntroductionView) {
    if (view.role === 'CONNECTOR') return null;
    const me = view.parties[view.role];
    return me.response === IntroductionAnswer.NOT_NOW ? me.resurfaceAt : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you can answer now.' })
  canRespond(@Root() view: IntroductionView) {
    if (view.role === 'CONNECTOR' || effectiveStatus(view.introduction) !== IntroductionStatus.PENDING) return false;
    const answer = view.parties[view.role].response;
    return answer === null || answer === IntroductionAnswer.NOT_NOW;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you can withdraw it (connector, while open).' })
  canWithdraw(@Root() view: IntroductionView) {
    return view.role === 'CONNECTOR' && effectiveStatus(view.introduction) === IntroductionStatus.PENDING;
  }

  @FieldResolver(() => [IntroductionPartyAnswer], { nullable: true, description: "Each person's answer: connector only." })
  async answers(@Root() view: IntroductionView, @Ctx() ctx: Context) {
    if (view.role !== 'CONNECTOR') return null;
    return Promise.all(
      [view.parties.A, view.parties.B].map(async (party) => ({
        person: await ctx.loaders.people.personById.load(party.personId),
        askedAt: party.askedAt,
        answer: party.response,
        answeredAt: party.respondedAt,
        met: party.met,
      })),
    );
  }

  @FieldResolver(() => CloseReason, { nullable: true, description: 'Why it closed: connector only.' })
  closeReason(@Root() view: IntroductionView) {
    if (view.role !== 'CONNECTOR' || effectiveStatus(view.introduction) !== IntroductionStatus.CLOSED) return null;
    return view.introduction.closeReason ?? CloseReason.EXPIRED;
  }

  @FieldResolver(() => Boolean, { description: 'A or B, connected a few days ago and not yet answered: "did you meet?"' })
  meetingAsked(@Root() view: IntroductionView, @Ctx() ctx: Context) {
    if (view.role === 'CONNECTOR' || !view.introduction.connectedAt) return false;
    const due = view.introduction.connectedAt.getTime() + ctx.config.MEETING_ASK_DAYS * DAY_MS;
    return view.parties[view.role].met === null && due <= Date.now();
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Your answer to "did you meet?".' })
  myMeetingAnswer(@Root() view: IntroductionView) {
    return view.role === 'CONNECTOR' ? null : view.parties[view.role].met;
  }

  @FieldResolver(() => DateTimeResolver)
  expiresAt(@Root() view: IntroductionView) {
    return view.introduction.expiresAt;
  }

  @FieldResolver(() => DateTimeResolver)
  createdAt(@Root() view: IntroductionView) {
    return view.introduction.createdAt;
  }

  @FieldResolver(() => DateTimeResolver, { nullable: true })
  connectedAt(@Root() view: IntroductionView) {
    return view.introduction.connectedAt;
  }

  @FieldResolver(() => Event, { nullable: true, description: 'The public CONNECTED event, once connected: the start of its ripple.' })
  connectedEvent(@Root() view: IntroductionView, @Ctx() ctx: Context) {
    return view.introduction.connectedEventId ? ctx.loaders.events.eventById.load(view.introduction.connectedEventId) : null;
  }

  @FieldResolver(() => IntroductionMessageConnection, {
    complexity: pageComplexity,
    description: 'The three-way thread, oldest first; empty until connected.',
  })
  messages(@Root() view: IntroductionView, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return introductions.threadOf(ctx.em, view, pageRequest(page));
  }
}

@Resolver(() => IntroductionMessage)
export class IntroductionMessageResolver {
  @FieldResolver(() => String)
  id(@Root() message: IntroductionMessageEntity) {
    return toGlobalId('IntroductionMessage', message.id); // opaque: a raw id would count every thread's messages
  }

  @FieldResolver(() => Person)
  author(@Root() message: IntroductionMessageEntity, @Ctx() ctx: Context) {
    return ctx.loaders.people.personById.load(message.authorId);
  }
}

@Resolver(() => Event)
export class EventIntroductionResolver {
  @FieldResolver(() => Introduction, { nullable: true, description: 'The introduction this event is about, if the viewer may see it.' })
  introduction(@Root() event: EventEntity, @Ctx() ctx: Context) {
    return event.subjectIntroductionId ? ctx.loaders.introductions.byId.load(event.subjectIntroductionId) : null;
  }
}
