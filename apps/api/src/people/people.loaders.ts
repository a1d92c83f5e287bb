import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import { PersonEntity } from './person.entity.js';
import { Loader, registerLoaders } from '../graphql/loaders.js';

/**
 * Per-request batch loaders: a page of N people with their counts and
 * relations to the viewer costs one query per field, not N.
 */
export function createPeopleLoaders(em: EntityManager, viewerId: string | null) {
  const countBy = (column: 'followee_id' | 'follower_id') =>
    new Loader<string, number>(async (ids) => {
      const rows = await em.execute<{ id: string; n: string }[]>(
        `select ${column} as id, count(*) as n from follow where ${column} = any(?::bigint[]) group by ${column}`,
        [bigintArray(ids)],
      );
      const counts = new Map(rows.map((r) => [String(r.id), Number(r.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    });

  /** For each id: does the viewer stand in this relation to them? */
  const viewerRelation = (sql: string) =>
    new Loader<string, boolean>(async (ids) => {
      if (!viewerId) return ids.map(() => false);
      const rows = await em.execute<{ id: string }[]>(sql, [viewerId, bigintArray(ids)]);
      const found = new Set(rows.map((r) => String(r.id)));
      return ids.map((id) => found.has(id));
    });

  return {
    personById: new Loader<string, PersonEntity | null>(async (ids) => {
      const people = await em.find(PersonEntity, { id: { $in: ids as string[] } });
      const byId = new Map(people.map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    followerCount: countBy('followee_id'),
    followingCount: countBy('follower_id'),
    viewerFollows: viewerRelation(
      `select followee_id as id from follow where follower_id = ? and followee_id = any(?::bigint[])`,
    ),
    followsViewer: viewerRelation(
      `select follower_id as id from follow where followee_id = ? and follower_id = any(?::bigint[])`,
    ),
    connectedToViewer: viewerRelation(
      `with v as (select ?::bigint as id, ?::bigint[] as ids)
       select c.person_b_id as id from connection c, v where c.person_a_id = v.id and c.person_b_id = any(v.ids)
       union all
       select c.person_a_id from connection c, v where c.person_b_id = v.id and c.person_a_id = any(v.ids)`,
    ),
  };
}

export type PeopleLoaders = ReturnType<typeof createPeopleLoaders>;

declare module '../graphql/loaders.js' {
  interface Loaders {
    people: PeopleLoaders;
  }
}
registerLoaders('people', ({ em, viewerId }) => createPeopleLoaders(em, viewerId));
