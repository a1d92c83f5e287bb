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
import { Introduction } from '../introductions/introduction.types.js';
import { liveStream } from '../live/live-stream.js';
import type { EventRow } from '../live/event-bus.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationKind } from './notify.js';
import * as notifications from './notifications.service.js';

registerEnumType(NotificationKind, { name: 'NotificationKind' });

@ObjectType('Notification', { implements: Node, description: 'Something you should hear about. Only ever yours.' })
export class Notification extends Node {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

@ObjectType()
export class NotificationSettings {
  @Field(() => Boolean, { description: '"Your ripple grew": a new connection or follow two or more hops down a ripple you started.' })
  rippleGrew!: boolean;
}

@InputType()
export class NotificationSettingsInput {
  @Field(() => Boolean, { nullable: true })
  rippleGrew?: boolean | null;
}

const NotificationConnection = ConnectionOf(Notification, 'Notification');

registerNodeType({
  name: 'Notification',
  isTypeOf: (value) => value instanceof NotificationEntity,
  async load(ctx, id) {
    const notification = await ctx.em.findOne(NotificationEntity, { id });
    return notification && notification.recipientId === ctx.viewer?.person.id ? notification : null;
  },
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
  notificationSettings(@Ctx() ctx: Context) {
    return notifications.settingsOf(ctx.em, requireViewer(ctx));
  }

  @Mutation(() => Int, { description: 'Marks these notifications (or, without ids, all) read. Returns how many stay unread.' })
  markNotificationsRead(@Arg('ids', () => [ID], { nullable: true }) ids: string[] | null, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx);
    const local = ids?.map((id) => localIdOf(id, 'Notification'));
    if (local?.some((id) => id === null)) throw badInput('Those are not all notification ids.', [{ field: 'ids', message: 'not notification ids' }]);
    return notifications.markRead(ctx.em, viewer, (local as string[] | undefined) ?? null);
  }

  @Mutation(() => NotificationSettings, { description: 'Turn notifications on or off.' })
  updateNotificationSettings(@Arg('input', () => NotificationSettingsInput) input: NotificationSettingsInput, @Ctx() ctx: Context) {
    return notifications.updateSettings(ctx.em, requireViewer(ctx), { rippleGrew: input.rippleGrew ?? undefined });
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
            `select * from notification where recipient_id = ? and id > ? order by id limit ?`,
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

  @FieldResolver(() => Boolean)
  read(@Root() notification: NotificationEntity) {
    return notification.readAt !== null;
  }

  @FieldResolver(() => Event, { nullable: true, description: 'What happened, if you may still see it.' })
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
