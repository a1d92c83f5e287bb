import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import { rippleSizes } from '../ripples/ripple-figures.js';
import { PersonEntity } from '../people/person.entity.js';
import { ShareEntity } from './share.entity.js';
import { Loader, registerLoaders } from '../graphql/loaders.js';

/**
 * Per-request batch loaders for shares: a feed page of N shares costs one
 * statement per field, whatever N.
 */
/** Resharers a share's page names: the latest, each once. */
export const LATEST_RESHARERS = 5;

export function createFeedLoaders(em: EntityManager, viewerId: string | null) {
  /** A count per key, from `select <key> as id, count(*) as n … group by`. */
  const countBy = (sql: string) =>
    new Loader<string, number>(async (ids) => {
      const rows = await em.execute<{ id: string; n: string }[]>(sql, [bigintArray(ids)]);
      const counts = new Map(rows.map((r) => [String(r.id), Number(r.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    });

  return {
    shareById: new Loader<string, ShareEntity | null>(async (ids) => {
      const shares = await em.find(ShareEntity, { id: { $in: ids as string[] } });
      const byId = new Map(shares.map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    /** The members each share mentions, by name. */
    mentions: new Loader<string, PersonEntity[]>(async (shareIds) => {
      const rows = await em.execute<(Record<string, unknown> & { mention_share_id: string })[]>(
        `select m.share_id as mention_share_id, p.*
           from share_mention m join person p on p.id = m.person_id
          where m.share_id = any(?::bigint[])
          order by lower(p.name), p.id`,
        [bigintArray(shareIds)],
      );
      const byShare = new Map<string, PersonEntity[]>();
      for (const row of rows) {
        const key = String(row.mention_share_id);
        const { mention_share_id: _, ...person } = row;
        byShare.set(key, [...(byShare.get(key) ?? []), em.map(PersonEntity, person)]);
      }
      return shareIds.map((id) => byShare.get(id) ?? []);
    }),

    /** Keyed by an original's id: its reshares, transitively (reshares of reshares too). */
    reshareCount: countBy(
      `select original_id as id, count(*) as n from share
        where original_id = any(?::bigint[]) and reshare_of_id is not null
        group by original_id`,
    ),

    /** Keyed by an original's id: the members who reshared it, each once. */
    resharerCount: countBy(
      `select original_id as id, count(distinct sharer_id) as n from share
        where original_id = any(?::bigint[]) and reshare_of_id is not null
        group by original_id`,
    ),

    /** Keyed by an original's id: the latest members to reshare it, newest first, each once (at most LATEST_RESHARERS). */
    latestResharerIds: new Loader<string, string[]>(async (originalIds) => {
      const rows = await em.execute<{ original_id: string; sharer_id: string }[]>(
        `select original_id, sharer_id from (
           select original_id, sharer_id, row_number() over (partition by original_id order by latest desc) as n
             from (select original_id, sharer_id, max(event_id) as latest from share
                    where original_id = any(?::bigint[]) and reshare_of_id is not null
                    group by original_id, sharer_id) per_person
         ) ranked
         where n <= ${LATEST_RESHARERS}
         order by original_id, n`,
        [bigintArray(originalIds)],
      );
      const byOriginal = new Map<string, string[]>();
      for (const row of rows) {
        const key = String(row.original_id);
        byOriginal.set(key, [...(byOriginal.get(key) ?? []), String(row.sharer_id)]);
      }
      return originalIds.map((id) => byOriginal.get(id) ?? []);
    }),

    thanksCount: countBy(
      `select share_id as id, count(*) as n from share_thanks where share_id = any(?::bigint[]) group by share_id`,
    ),

    viewerThanked: new Loader<string, boolean>(async (shareIds) => {
      if (!viewerId) return shareIds.map(() => false);
      const rows = await em.execute<{ id: string }[]>(
        `select share_id as id from share_thanks where person_id = ? and share_id = any(?::bigint[])`,
        [viewerId, bigintArray(shareIds)],
      );
      const thanked = new Set(rows.map((r) => String(r.id)));
      return shareIds.map((id) => thanked.has(id));
    }),

    /** Keyed by original share id: has the viewer reshared that original (through any reshare of it)? */
    viewerResharedOriginal: new Loader<string, boolean>(async (originalIds) => {
      if (!viewerId) return originalIds.map(() => false);
      const rows = await em.execute<{ id: string }[]>(
        `select distinct original_id as id from share
          where sharer_id = ? and reshare_of_id is not null and original_id = any(?::bigint[])`,
        [viewerId, bigintArray(originalIds)],
      );
      const reshared = new Set(rows.map((r) => String(r.id)));
      return originalIds.map((id) => reshared.has(id));
    }),

    /** Keyed by event id: the events in its ripple (itself and everything it caused, all public), from the figures the event log keeps. */
    rippleSize: new Loader<string, number>(async (eventIds) => {
      const sizes = await rippleSizes(em, eventIds);
      return eventIds.map((id) => sizes.get(id) ?? 1);
    }),
  };
}

export type FeedLoaders = ReturnType<typeof createFeedLoaders>;

declare module '../graphql/loaders.js' {
  interface Loaders {
    feed: FeedLoaders;
  }
}
registerLoaders('feed', ({ em, viewerId }) => createFeedLoaders(em, viewerId));
