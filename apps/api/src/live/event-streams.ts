import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { EventEntity } from '../events/event.entity.js';
import { canSeeEvent, VISIBLE_TO_VIEWER_SQL } from '../events/event-visibility.js';
import { COMMIT_HORIZON_SQL } from '../events/event-log.js';
import type { EventRow } from './event-bus.js';
import { liveStream } from './live-stream.js';

export interface EventFilter {
  /** A condition on the event table aliased `e`, with `?` parameters. */
  sql: string;
  params: unknown[];
  /** The same condition for one live event. */
  matches(event: EventEntity): boolean;
}

/** A live stream of the events matching `filter` that the viewer may see. */
export function liveEvents(ctx: Context, since: string | null, filter: EventFilter): AsyncIterableIterator<EventEntity> {
  const viewer = requireViewer(ctx);
  return liveStream<EventEntity>(ctx, since, {
    type: 'Event',
    subscribe: (listener) => ctx.live.onEvent(listener),
    startAfter: () => ctx.live.lastEventId,
    sessionEnded: () => ctx.live.isSessionEnded(viewer.sessionId),
    async replay(em: EntityManager, afterId: string, limit: number) {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select e.* from event e
          where e.id > ? and e.id < ${COMMIT_HORIZON_SQL} and ${VISIBLE_TO_VIEWER_SQL} and (${filter.sql})
          order by e.id limit ?`,
        [afterId, viewer.person.id, ...filter.params, limit],
      );
      return rows.map((row) => em.map(EventEntity, row));
    },
    accept(em: EntityManager, row: EventRow) {
      const event = em.map(EventEntity, row);
      return canSeeEvent(viewer.person.id, event) && filter.matches(event) ? event : null;
    },
  });
}
