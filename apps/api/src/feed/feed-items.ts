import type { EntityManager } from '@mikro-orm/postgresql';
import { rowReader } from '../db/read-rows.js';
import { bigintArray, executePrepared } from '../db/sql.js';
import { EventEntity } from '../events/event.entity.js';
import type { Context } from '../graphql/context.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { PersonEntity } from '../people/person.entity.js';
import { ShareEntity } from './share.entity.js';

/**
 * The grouped feed: each piece of work once, with its latest reshares,
 * ordered by when it was last shared or reshared.
 *
 * It is the web app's home page, so it is read set-based in four
 * statements whatever the page size: the items (originals and their latest
 * reshares), their events, the people on them, and the figures of each
 * share. The reads *prime the operation's loaders* with what they found, so
 * the ordinary Share and Person field resolvers answer from memory, at once
 * (`Loader.ready`: no promise per field); a field this read does not prime
 * still works, through its loader, at one more statement.
 *
 * What made a 20-item page cost 10 ms against a single-row query's 3 was
 * not PostgreSQL: it was MikroORM managing 180 entities nobody changes,
 * planning four long statements on every request, and 700 field promises.
 * So the rows become entities through `rowReader` (unmanaged), the
 * statements are prepared once per connection (`executePrepared`), and the
 * loaders answer primed keys synchronously: 4.4 ms.
 *
 * Pages follow activity: an item reshared while someone pages through
 * moves above their cursor, so they meet it at the top (live), never twice.
 *
 * Every share is a public event (feed.service appends SHARED and RESHARED
 * with no audience), so no share here needs a visibility check; if shares
 * ever get an audience, this read must filter by it.
 */

/** Reshares shown on an item: the latest, one per person. */
export const LATEST_RESHARES = 3;

export interface FeedItemValue {
  /** The original share. */
  share: ShareEntity;
  /** The latest reshares, newest first, one per person. */
  latestReshares: ShareEntity[];
  /** Distinct members who reshared it. */
  resharerCount: number;
  /** When it was last shared or reshared. */
  activeAt: Date;
}

type Row = Record<string, unknown>;

export async function feedItemsPage(ctx: Context, page: PageRequest): Promise<Connection<FeedItemValue>> {
  const em = ctx.em;
  const before = cursorId(page);
  // The page's originals (one index scan on share_feed_item_idx), and for each the latest
  // reshare of every person who reshared it, newest first, at most LATEST_RESHARES.
  const rows = await executePrepared<Row>(
    em,
    `with item as (
       select o.id from share o
        where o.reshare_of_id is null and (?::bigint is null or o.active_event_id < ?::bigint)
        order by o.active_event_id desc
        limit ?
     )
     select s.*, s.id as item_id,
            (select count(distinct r.sharer_id) from share r where r.original_id = s.id and r.reshare_of_id is not null) as resharer_count
       from item join share s on s.id = item.id
     union all
     select latest.*, item.id, null
       from item cross join lateral (
         select * from (
           select distinct on (r.sharer_id) r.* from share r
            where r.original_id = item.id and r.reshare_of_id is not null
            order by r.sharer_id, r.event_id desc
         ) per_person order by event_id desc limit ${LATEST_RESHARES}
       ) latest`,
    [before, before, page.first + 1],
  );

  type Item = Omit<FeedItemValue, 'activeAt'> & { activeEventId: string };
  const items = new Map<string, Item>();
  const reshares: { itemId: string; share: ShareEntity }[] = [];
  const readShare = rowReader(em, ShareEntity);
  for (const { item_id: itemId, resharer_count: resharerCount, ...columns } of rows) {
    const share = readShare(columns);
    if (resharerCount === null) reshares.push({ itemId: String(itemId), share });
    else {
      items.set(share.id, {
        share,
        latestReshares: [],
        resharerCount: Number(resharerCount),
        activeEventId: share.activeEventId ?? share.eventId,
      });
    }
  }
  reshares.sort((a, b) => compareIds(b.share.eventId, a.share.eventId));
  for (const { itemId, share } of reshares) items.get(itemId)!.latestReshares.push(share);
  const ordered = [...items.values()].sort((a, b) => compareIds(b.activeEventId, a.activeEventId));

  await primeLoaders(ctx, em, ordered.slice(0, page.first));
  // Active when last shared or reshared: its newest reshare's time, else its own.
  const toItem = ({ activeEventId: _, ...item }: Item): FeedItemValue => ({
    ...item,
    activeAt: item.latestReshares[0]?.createdAt ?? item.share.createdAt,
  });
  return toConnection(ordered, page.first, (item) => [item.activeEventId], toItem, page.after !== null);
}

/** Loads everything a feed card shows into the operation's loaders: three statements, side by side. */
async function primeLoaders(ctx: Context, em: EntityManager, items: Pick<FeedItemValue, 'share' | 'latestReshares'>[]): Promise<void> {
  const shares = items.flatMap((item) => [item.share, ...item.latestReshares]);
  if (shares.length === 0) return;
  const viewerId = ctx.viewer?.person.id ?? null;
  const { feed, people, events } = ctx.loaders;
  for (const share of shares) feed.shareById.prime(share.id, share);
  const shareIds = bigintArray(shares.map((s) => s.id));
  const personIds = bigintArray([
    ...new Set(shares.flatMap((s) => (s.authorPersonId ? [s.sharerId, s.authorPersonId] : [s.sharerId]))),
  ]);

  const [personRows, figureRows, eventRows] = await Promise.all([
    // The sharers, member authors and mentioned members, with what their cards show.
    executePrepared<Row>(
      em,
      `with mention as (select share_id, person_id from share_mention where share_id = any(?::bigint[])),
            wanted as (select unnest(?::bigint[]) as id union select person_id from mention)
       select ${personColumns(em)},
              (select count(*) from follow f where f.followee_id = p.id) as follower_count,
              exists (select 1 from follow f where f.follower_id = ?::bigint and f.followee_id = p.id) as viewer_follows,
              array(select m.share_id from mention m where m.person_id = p.id) as mentioned_in
         from person p join wanted on wanted.id = p.id`,
      [shareIds, personIds, viewerId],
    ),
    // Per share its thanks; per original its reshares and ripple size; and what the viewer did.
    executePrepared<Row>(
      em,
      `select s.id, s.event_id,
              (select count(*) from share_thanks t where t.share_id = s.id) as thanks_count,
              exists (select 1 from share_thanks t where t.share_id = s.id and t.person_id = ?::bigint) as viewer_thanked,
              (select count(*) from share r where r.original_id = s.id and r.reshare_of_id is not null) as reshare_count,
              exists (select 1 from share r where r.original_id = s.id and r.reshare_of_id is not null and r.sharer_id = ?::bigint) as viewer_reshared,
              (select f.size from ripple_figures f where f.event_id = s.event_id) as ripple_size
         from share s where s.id = any(?::bigint[])`,
      [viewerId, viewerId, shareIds],
    ),
    // The SHARED and RESHARED events.
    executePrepared<Row>(em, `select * from event where id = any(?::bigint[])`, [bigintArray(shares.map((s) => s.eventId))]),
  ]);

  const readEvent = rowReader(em, EventEntity);
  for (const row of eventRows) {
    const event = readEvent(row);
    events.eventById.prime(event.id, event);
  }

  const mentioned = new Map<string, PersonEntity[]>();
  const readPerson = rowReader(em, PersonEntity);
  for (const { follower_count, viewer_follows, mentioned_in, ...columns } of personRows) {
    const person = readPerson(columns);
    people.personById.prime(person.id, person);
    people.followerCount.prime(person.id, Number(follower_count));
    people.viewerFollows.prime(person.id, viewer_follows === true);
    for (const shareId of mentioned_in as unknown[]) {
      const key = String(shareId);
      mentioned.set(key, [...(mentioned.get(key) ?? []), person]);
    }
  }
  const byName = (a: PersonEntity, b: PersonEntity) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || compareIds(a.id, b.id);
  for (const share of shares) feed.mentions.prime(share.id, (mentioned.get(share.id) ?? []).sort(byName));

  const originals = new Set(items.map((item) => item.share.id));
  for (const row of figureRows) {
    const id = String(row.id);
    feed.thanksCount.prime(id, Number(row.thanks_count));
    feed.viewerThanked.prime(id, row.viewer_thanked === true);
    if (!originals.has(id)) continue; // reshare counts and ripple sizes are the original's
    feed.reshareCount.prime(id, Number(row.reshare_count));
    feed.viewerResharedOriginal.prime(id, row.viewer_reshared === true);
    feed.rippleSize.prime(String(row.event_id), row.ripple_size == null ? 1 : Number(row.ripple_size));
  }
}

/** The person columns an entity is made from (not the lazy password hash). */
function personColumns(em: EntityManager): string {
  const meta = em.getMetadata().get(PersonEntity.name);
  return Object.values(meta.properties)
    .filter((prop) => !prop.lazy && prop.fieldNames?.length)
    .flatMap((prop) => prop.fieldNames.map((column) => `p.${column}`))
    .join(', ');
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
