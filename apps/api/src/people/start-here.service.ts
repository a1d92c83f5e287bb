import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../graphql/context.js';
import { PersonEntity } from './person.entity.js';

/**
 * What a newcomer's "start here" checklist ticks from: the viewer's own
 * follows, shares (reshares too) and proposed introductions, counted in one
 * statement. Only the viewer's own acts: nothing about anyone else.
 */
export interface StartHereCounts {
  followingCount: number;
  shareCount: number;
  introductionCount: number;
}

export async function startHereCounts(em: EntityManager, viewer: Viewer): Promise<StartHereCounts> {
  const id = viewer.person.id;
  const [row] = await em.execute<{ following: number; shares: number; introductions: number }[]>(
    `select (select count(*)::int from follow where follower_id = ?) as following,
            (select count(*)::int from share where sharer_id = ?) as shares,
            (select count(*)::int from introduction where connector_id = ?) as introductions`,
    [id, id, id],
  );
  return { followingCount: row!.following, shareCount: row!.shares, introductionCount: row!.introductions };
}

/**
 * People a newcomer might follow first: the most-followed members the viewer
 * does not follow yet (never the viewer), most followers first. Follows are
 * public (every card shows its counts), so this reveals nothing new.
 */
export async function suggestedPeople(em: EntityManager, viewer: Viewer, limit: number): Promise<PersonEntity[]> {
  const id = viewer.person.id;
  const rows = await em.execute<{ id: string }[]>(
    `select f.followee_id as id from follow f
      where f.followee_id <> ?
        and not exists (select 1 from follow mine where mine.follower_id = ? and mine.followee_id = f.followee_id)
      group by f.followee_id
      order by count(*) desc, f.followee_id
      limit ?`,
    [id, id, limit],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  const people = await em.find(PersonEntity, { id: { $in: ids } });
  const byId = new Map(people.map((p) => [p.id, p]));
  return ids.map((i) => byId.get(i)).filter((p): p is PersonEntity => p !== undefined);
}

/** The community's largest whole public ripple (one step of an index), to explore first; null in an empty community. */
export async function featuredRippleEventId(em: EntityManager): Promise<string | null> {
  const [row] = await em.execute<{ event_id: string }[]>(
    `select event_id from ripple_figures where event_id = root_id and is_public and size > 1
      order by size desc, structural_virality desc limit 1`,
  );
  return row ? String(row.event_id) : null;
}
