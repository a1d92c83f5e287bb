import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { badInput } from '../graphql/errors.js';
import { Node, registerNodeType } from '../graphql/node.js';
import { ConnectionOf, localIdOf, pageComplexity, PageArgs, pageRequest, toGlobalId } from '../graphql/relay.js';
import { Event } from '../events/event.types.js';
import { canSeeEvent } from '../events/event-visibility.js';
import { COMMIT_HORIZON_SQL } from '../events/event-log.js';
import { Introduction } from '../introductions/introduction.types.js';
import { Share } from '../feed/feed.types.js';
import type { ShareEntity } from '../feed/share.entity.js';
import { Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';
import { liveStream } from '../live/live-stream.js';
import type { EventRow } from '../live/event-bus.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationKind } from './notification-kind.js';
import * as notifications from './notifications.service.js';

registerEnumType(NotificationKind, { name: 'NotificationKind' });

@ObjectType('Notification', { implements: Node, description: 'Something you should hear about. Only ever yours.' })
export class Notification extends Node {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => DateTimeResolver, { description: 'When its latest act happened.' })
  createdAt!: Date;

  @Field(() => Int, {
    description: 'How many different people did it (a grouped notification: "Ada and 24 others followed you"); 0 when no one person did (a connection).',
  })
  actorCount!: number;

  @Field(() => Int, {
    description: '0 for a new notification; n after n updates of its unread group. An update replaces the notification with the same `group`.',
  })
  revision!: number;
}

@ObjectType({ description: 'Whether one kind of notification is on.' })
export class NotificationPreference {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => Boolean)
  enabled!: boolean;
}

@ObjectType()
export class NotificationSettings {
  @Field(() => [NotificationPreference], { description: 'Every kind, on unless you turned it off.' })
  preferences!: NotificationPreference[];
}

@InputType()
export class NotificationPreferenceInput {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => Boolean)
  enabled!: boolean;
}

@InputType()
export class NotificationSettingsInput {
  @Field(() => [NotificationPreferenceInput], { description: 'The kinds to turn on or off; the others stay as they are.' })
  preferences!: NotificationPreferenceInput[];
}

const NotificationConnection = ConnectionOf(Notification, 'Notification');

/** Actors a notification names; the rest are a count. */
const ACTORS_SHOWN = 3;

registerNodeType({
  name: 'Notification',
  isTypeOf: (value) => value instanceof NotificationEntity,
  load: (ctx, id) => notifications.notificationById(ctx.em, ctx.viewer?.person.id ?? null, id),
});

@Resolver(() => Notification)
export class NotificationsResolver {
  @Query(() => NotificationConnection, { complexity: pageComplexity, description: 'Your notifications, newest first.' })
  notifications(
    @Arg('unreadOnly', () => Boolean, { defaultValue: false }) unreadOnly: boolean,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return notifications.listNotifications(ctx.em, requireViewer(ctx), { unreadOnly }, pageRequest(page));
  }

  @Query(() => Int)
  unreadNotificationCount(@Ctx() ctx: Context) {
    return notifications.unreadCount(ctx.em, requireViewer(ctx));
  }

  @Query(() => NotificationSettings)
  async notificationSettings(@Ctx() ctx: Context): Promise<NotificationSettings> {
    return { preferences: await notifications.settingsOf(ctx.em, requireViewer(ctx)) };
  }

  @Mutation(() => Int, { description: 'Marks these notifications (or, without ids, all) read. Returns how many stay unread.' })
  markNotificationsRead(@Arg('ids', () => [ID], { nullable: true }) ids: string[] | null, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx);
    const local = ids?.map((id) => localIdOf(id, 'Notification'));
    if (local?.some((id) => id === null)) throw badInput('Those are not all notification ids.', [{ field: 'ids', message: 'not notification ids' }]);
    return notifications.markRead(ctx.em, viewer, (local as string[] | undefined) ?? null);
  }

  @Mutation(() => NotificationSettings, { description: 'Turn kinds of notification on or off.' })
  async updateNotificationSettings(
    @Arg('input', () => NotificationSettingsInput) input: NotificationSettingsInput,
    @Ctx() ctx: Context,
  ): Promise<NotificationSettings> {
    const viewer = requireViewer(ctx);
    if (input.preferences.length > 100) {
      throw badInput('At most 100 preferences at once.', [{ field: 'preferences', message: 'has more than 100 entries' }]);
    }
    return { preferences: await notifications.updateSettings(ctx.em, viewer, input.preferences) };
  }

  @Subscription(() => Notification, {
    description: 'Your new notifications: replays those after `since` (a Notification id), then streams live.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const viewer = requireViewer(ctx);
      const since = args.since == null ? null : localIdOf(args.since, 'Notification');
      if (args.since != null && since === null) throw badInput('`since` is not a notification id.', [{ field: 'since', message: 'is not a notification id' }]);
      // Ids only: a live stream must not hold on to the operation's entities (see live/live-stream.ts).
      const { sessionId } = viewer;
      const recipientId = viewer.person.id;
      const mine = (row: EventRow) => String(row.recipient_id) === recipientId;
      return liveStream<NotificationEntity>(ctx, since, {
        type: 'Notification',
        table: 'notification',
        startAfter: () => ctx.live.lastNotificationId,
        sessionEnded: () => ctx.live.isSessionEnded(sessionId),
        async replay(em: EntityManager, afterId: string, limit: number) {
          const rows = await em.execute<Record<string, unknown>[]>(
            `select * from notification where recipient_id = ? and id > ? and id < ${COMMIT_HORIZON_SQL} order by id limit ?`,
            [recipientId, afterId, limit],
          );
          return rows.map((row) => em.map(NotificationEntity, row));
        },
        accepts: mine,
        // A fork per row: nothing accumulates in the subscription's own identity map.
        toItem: (em, row) => em.fork().map(NotificationEntity, row),
      });
    },
  })
  notificationAdded(@Root() notification: NotificationEntity, @Arg('since', () => ID, { nullable: true }) _since: string | null) {
    return notification;
  }

  @FieldResolver(() => ID)
  id(@Root() notification: NotificationEntity) {
    return toGlobalId('Notification', notification.id);
  }

  @FieldResolver(() => ID, {
    description: 'Stays the same while a grouped notification is updated (each update has a new `id`): a newer one with the same `group` replaces the older.',
  })
  group(@Root() notification: NotificationEntity) {
    return toGlobalId('Notification', notification.groupId ?? notification.id);
  }

  @FieldResolver(() => [Person], { description: 'Who did it, newest first: the latest few of `actorCount`.' })
  async actors(@Root() notification: NotificationEntity, @Ctx() ctx: Context): Promise<PersonEntity[]> {
    const people = await ctx.loaders.people.personById.loadMany(notification.actorIds.slice(0, ACTORS_SHOWN));
    return people.filter((p): p is PersonEntity => p !== null && !(p instanceof Error));
  }

  @FieldResolver(() => Share, {
    nullable: true,
    description: 'The share it is about: yours that was reshared or thanked, the one that credits or mentions you, the one you were followed from.',
  })
  share(@Root() notification: NotificationEntity, @Ctx() ctx: Context): Promise<ShareEntity | null> | null {
    return notification.shareId ? ctx.loaders.feed.shareById.load(notification.shareId) : null;
  }

  @FieldResolver(() => Event, { nullable: true, description: '"Your ripple grew": the event of yours whose ripple grew.' })
  async ripple(@Root() notification: NotificationEntity, @Ctx() ctx: Context) {
    if (!notification.rippleEventId) return null;
    const event = await ctx.loaders.events.eventById.load(notification.rippleEventId);
    return event && canSeeEvent(ctx.viewer?.person.id ?? null, event) ? event : null;
  }

  @FieldResolver(() => Boolean)
  read(@Root() notification: NotificationEntity) {
    return notification.readAt !== null;
  }

  @FieldResolver(() => Event, { nullable: true, description: 'What happened (for a grouped one, its latest act), if you may still see it.' })
  async event(@Root() notification: NotificationEntity, @Ctx() ctx: Context) {
    if (!notification.eventId) return null;
    const event = await ctx.loaders.events.eventById.load(notification.eventId);
    return event && canSeeEvent(ctx.viewer?.person.id ?? null, event) ? event : null;
  }

  @FieldResolver(() => Introduction, { nullable: true, description: 'The introduction it is about, as you may see it.' })
  introduction(@Root() notification: NotificationEntity, @Ctx() ctx: Context) {
    return notification.introductionId ? ctx.loaders.introductions.byId.load(notification.introductionId) : null;
  }
}
