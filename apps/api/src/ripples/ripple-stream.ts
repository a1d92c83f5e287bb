import type { EntityManager } from '@mikro-orm/postgresql';
import { EventEntity } from '../events/event.entity.js';
import type { Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { requireViewer } from '../graphql/guards.js';
import { localIdOf } from '../graphql/relay.js';
import type { EventRow } from '../live/event-bus.js';
import { liveStream } from '../live/live-stream.js';
import { eventOfRow } from '../live/event-streams.js';
import { ripple } from './ripples.service.js';

/**
 * The live growth of one ripple (the resume protocol of live/live-stream.ts):
 * replays the ripple's events after `since`, then streams new ones. Whether
 * an event belongs needs no state: it does iff it is public and its path (its
 * ancestors) holds the ripple's start, or the start is its tree's root.
 */
export async function rippleEventStream(
  ctx: Context,
  eventId: string,
  since: string | null,
): Promise<AsyncIterableIterator<EventEntity>> {
  const viewer = requireViewer(ctx);
  const sinceId = since === null ? null : localIdOf(since, 'Event');
  if (since !== null && sinceId === null) {
    throw badInput('`since` is not an event id.', [{ field: 'since', message: 'is not an Event id' }]);
  }
  // Ids only: a live stream must not hold on to the operation's entities (see live/live-stream.ts).
  const { start: startEntity } = await ripple(ctx.em, viewer, localIdOf(eventId, 'Event'));
  const start = { id: startEntity.id, rootId: startEntity.rootId };
  const fromRoot = start.rootId === start.id;
  const { sessionId } = viewer;

  return liveStream<EventEntity>(ctx, sinceId, {
    type: 'Event',
    table: 'event',
    startAfter: () => ctx.live.lastEventId,
    sessionEnded: () => ctx.live.isSessionEnded(sessionId),
    async replay(em: EntityManager, afterId: string, limit: number) {
      const rows = fromRoot
        ? await em.execute<Record<string, unknown>[]>(
            `select e.* from event e where e.root_id = ? and e.id >= ? and e.id > ? and e.visibility = 'public' order by e.id limit ?`,
            [start.id, start.id, afterId, limit],
          )
        : await em.execute<Record<string, unknown>[]>(
            `select e.* from (
               select ?::bigint as event_id where ?::bigint > ?::bigint
               union all
               (select d.event_id from ripple_descendant d where d.ancestor_id = ? and d.event_id > ? order by d.event_id limit ?)
             ) member join event e on e.id = member.event_id
             order by e.id limit ?`,
            [start.id, start.id, afterId, start.id, afterId, limit, limit],
          );
      return rows.map((row) => em.map(EventEntity, row));
    },
    accepts(row: EventRow) {
      if (row.visibility !== 'public' || String(row.root_id) !== start.rootId) return false;
      return fromRoot || eventOfRow(row).path.includes(start.id);
    },
    toItem: (_em, row) => eventOfRow(row),
  });
}
