import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { EventEntity } from './event.entity.js';

/**
 * One person's events that the viewer may see, newest first. The visibility
 * rule is the SQL twin of `canSeeEvent`.
 */
export async function eventsByActor(
  em: EntityManager,
  viewer: Viewer,
  actorId: string,
  page: PageRequest,
): Promise<Connection<EventEntity>> {
  const before = page.after ? String(page.after[0]) : null;
  if (before !== null && !/^\d+$/.test(before)) throw badInput('That cursor is not valid.');
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from event
      where actor_id = ?
        and (visibility = 'public'
             or (visibility = 'participants' and ?::bigint in (actor_id, subject_person_id))
             or (visibility = 'private' and actor_id = ?::bigint))
        and (?::bigint is null or id < ?::bigint)
      order by id desc
      limit ?`,
    [actorId, viewer.person.id, viewer.person.id, before, before, page.first + 1],
  );
  return toConnection(
    rows.map((row) => em.map(EventEntity, row)),
    page.first,
    (event) => [event.id],
    (event) => event,
    page.after !== null,
  );
}
