import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../graphql/context.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { EventEntity } from './event.entity.js';
import { VISIBLE_TO_VIEWER_SQL } from './event-visibility.js';

/**
 * One person's events that the viewer may see, newest first.
 */
export async function eventsByActor(
  em: EntityManager,
  viewer: Viewer,
  actorId: string,
  page: PageRequest,
): Promise<Connection<EventEntity>> {
  const before = cursorId(page);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select e.* from event e
      where e.actor_id = ? and ${VISIBLE_TO_VIEWER_SQL}
        and (?::bigint is null or e.id < ?::bigint)
      order by e.id desc
      limit ?`,
    [actorId, viewer.person.id, before, before, page.first + 1],
  );
  return toConnection(
    rows.map((row) => em.map(EventEntity, row)),
    page.first,
    (event) => [event.id],
    (event) => event,
    page.after !== null,
  );
}
