import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { EventEntity, type EventKind, type EventVisibility } from '../events/event.entity.js';
import { canSeeEvent, VISIBLE_TO_VIEWER_SQL } from '../events/event-visibility.js';
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
  // Ids only: a live stream must not hold on to the operation's entities (see live-stream.ts).
  const { sessionId, person } = requireViewer(ctx);
  const viewerId = person.id;
  return liveStream<EventEntity>(ctx, since, {
    type: 'Event',
    table: 'event',
    startAfter: () => ctx.live.lastEventId,
    sessionEnded: () => ctx.live.isSessionEnded(sessionId),
    async replay(em: EntityManager, afterId: string, limit: number) {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select e.* from event e
          where e.id > ? and ${VISIBLE_TO_VIEWER_SQL} and (${filter.sql})
          order by e.id limit ?`,
        [afterId, viewerId, ...filter.params, limit],
      );
      return rows.map((row) => em.map(EventEntity, row));
    },
    accepts(row: EventRow) {
      const event = eventOfRow(row);
      return canSeeEvent(viewerId, event) && filter.matches(event);
    },
    toItem: (_em, row) => eventOfRow(row),
  });
}

const mapped = new WeakMap<EventRow, EventEntity>();

/**
 * A live event row as an entity, built once per row however many streams
 * test it (no identity map: it is only read, by filters and resolvers).
 */
export function eventOfRow(row: EventRow): EventEntity {
  let event = mapped.get(row);
  if (event) return event;
  event = new EventEntity();
  const idOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const ids = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  event.id = String(row.id);
  event.kind = row.kind as EventKind;
  event.actorId = String(row.actor_id);
  event.subjectPersonId = idOrNull(row.subject_person_id);
  event.subjectPerson2Id = idOrNull(row.subject_person2_id);
  event.subjectShareId = idOrNull(row.subject_share_id);
  event.subjectIntroductionId = idOrNull(row.subject_introduction_id);
  event.causeId = idOrNull(row.cause_id);
  event.rootId = String(row.root_id);
  event.depth = Number(row.depth);
  event.path = ids(row.path);
  event.visibility = row.visibility as EventVisibility;
  event.audience = ids(row.audience);
  event.createdAt = row.created_at instanceof Date ? row.created_at : new Date(String(row.created_at));
  mapped.set(row, event);
  return event;
}
