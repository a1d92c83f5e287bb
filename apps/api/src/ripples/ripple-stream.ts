import type { EntityManager } from '@mikro-orm/postgresql';
import { EventEntity } from '../events/event.entity.js';
import { canSeeEvent, VISIBLE_TO_VIEWER_SQL } from '../events/event-visibility.js';
import type { Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { requireViewer } from '../graphql/guards.js';
import { localIdOf } from '../graphql/relay.js';
import type { EventRow } from '../live/event-bus.js';
import { liveStream } from '../live/live-stream.js';
import { firstIndexAfter, type RippleEventRow } from './ripple-tree.js';
import { ripple, toEventEntity, toRippleRow } from './ripples.service.js';

/**
 * The live growth of one ripple (the resume protocol of live/live-stream.ts):
 * replays the ripple's events after `since`, then streams new ones. A new
 * event belongs iff its cause already does, so the stream keeps the
 * ripple's id set, seeded by the ripple read at subscribe time (which also
 * answers NOT_FOUND for an event the viewer may not see).
 *
 * The seed is read before the stream listens to the bus; the first replay
 * runs once it listens, and first reads whatever joined the tree since the
 * seed, so nothing committed in between is lost.
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
  const seed = await ripple(ctx.em, viewer, localIdOf(eventId, 'Event'));
  const treeRootId = seed.root.rootId;
  const inRipple = new Set(seed.nodes.map((node) => node.id));
  let known: RippleEventRow[] = [...seed.nodes];
  let caughtUp = false;

  return liveStream<EventEntity>(ctx, sinceId, {
    type: 'Event',
    subscribe: (listener) => ctx.live.onEvent(listener),
    startAfter: () => ctx.live.lastEventId,
    sessionEnded: () => ctx.live.isSessionEnded(viewer.sessionId),
    async replay(em: EntityManager, afterId: string, limit: number) {
      if (!caughtUp) {
        const raws = await em.execute<Record<string, unknown>[]>(
          `select e.* from event e where e.root_id = ? and e.id > ? and ${VISIBLE_TO_VIEWER_SQL} order by e.id`,
          [treeRootId, known.at(-1)!.id, viewer.person.id],
        );
        for (const row of raws.map(toRippleRow)) {
          if (row.causeId !== null && inRipple.has(row.causeId)) {
            inRipple.add(row.id);
            known.push(row);
          }
        }
        caughtUp = true;
      }
      const from = firstIndexAfter(known, afterId);
      const page = known.slice(from, from + limit);
      if (page.length < limit) known = []; // replay ends here; the id set carries on
      return page.map((row) => toEventEntity(em, row));
    },
    accept(em: EntityManager, row: EventRow) {
      if (String(row.root_id) !== treeRootId || row.cause_id == null || !inRipple.has(String(row.cause_id))) return null;
      const event = em.map(EventEntity, row);
      if (!canSeeEvent(viewer.person.id, event)) return null;
      inRipple.add(event.id);
      return event;
    },
  });
}
