import type { EntityManager } from '@mikro-orm/postgresql';
import { RIPPLE_SNAPSHOT_VERSION, type RippleSnapshotData } from './snapshot-format.js';
import { EventKind, type EventEntity } from '../events/event.entity.js';
import { toGlobalIds } from '../graphql/relay.js';

/**
 * The whole ripple of one event as one columnar value (the RippleSnapshot
 * scalar; the format is packages/schema/src/ripple-snapshot.ts).
 *
 * One statement: PostgreSQL reads the ripple's events with one index range
 * scan — (root_id, id) for a root, ripple_descendant (ancestor_id, event_id)
 * for an event inside a tree, never the rest of the tree — and hands back
 * each column as one JSON array, plus the people and shares they name.
 * Kinds travel as small numbers. Node then only interns people and shares
 * and turns cause ids into positions: no object per event anywhere.
 */

const KINDS = Object.values(EventKind);
const KIND_ARRAY_SQL = `array[${KINDS.map((k) => `'${k}'`).join(',')}]`;

interface SnapshotRow {
  events: {
    id: number[];
    kind: number[];
    actor: number[];
    subject: (number | null)[];
    subject2: (number | null)[];
    share: (number | null)[];
    introduction: (number | null)[];
    cause: (number | null)[];
    at: number[];
  };
  /** Aggregates over no rows are null. */
  people: { id: number[] | null; handle: string[]; name: string[]; avatar_url: (string | null)[] };
  shares: { id: number[] | null; title: string[] };
}

/**
 * The ripple's events, in id order: the start itself, and every public
 * event below it (a public event's ancestors are all public, see the
 * migration). `e.id >= start` lets PostgreSQL walk an index in id order
 * rather than sort 100,000 rows.
 */
function eventsSql(start: EventEntity): { sql: string; params: unknown[] } {
  if (start.rootId === start.id) {
    return {
      sql: `select e.* from event e where e.root_id = ? and e.id >= ? and (e.id = ? or e.visibility = 'public') order by e.id`,
      params: [start.id, start.id, start.id],
    };
  }
  return {
    sql: `select e.* from event e where e.id = ?
          union all
          (select e.* from ripple_descendant d join event e on e.id = d.event_id where d.ancestor_id = ? order by d.event_id)`,
    params: [start.id, start.id],
  };
}

/**
 * Who and what the events name, once each. The people are the ripple's
 * ripple_person rows, kept in the order they joined (an event that caused
 * nothing has none: its own people then); the shares come from the events.
 */
function peopleAndSharesSql(start: EventEntity, source: { sql: string; params: unknown[] }) {
  return {
    sql: `select
       (select json_build_object('id', json_agg(p.id), 'handle', json_agg(p.handle), 'name', json_agg(p.name),
                                 'avatar_url', json_agg(p.avatar_url))
          from (select p.id, p.handle, p.name, p.avatar_url from ripple_person rp join person p on p.id = rp.person_id
                 where rp.event_id = ? order by rp.joined_event_id, rp.joined_slot) p) as people,
       (select json_build_object('id', json_agg(p.id), 'handle', json_agg(p.handle), 'name', json_agg(p.name),
                                 'avatar_url', json_agg(p.avatar_url))
          from person p where p.id in (?, ?, ?)) as own_people,
       (select json_build_object('id', json_agg(s.id), 'title', json_agg(s.title))
          from share s where s.id in (select ev.subject_share_id from (${source.sql}) ev)) as shares`,
    params: [start.id, start.actorId, start.subjectPersonId, start.subjectPerson2Id, ...source.params],
  };
}

export async function rippleSnapshot(em: EntityManager, start: EventEntity): Promise<RippleSnapshotData> {
  const source = eventsSql(start);
  const named = peopleAndSharesSql(start, source);
  // Two statements on two connections at once: PostgreSQL builds the columns and the tables side by side.
  const [[events], [tables]] = await Promise.all([
    em.execute<{ events: SnapshotRow['events'] }[]>(
      `select json_build_object(
          'id', json_agg(id order by id),
          'kind', json_agg(array_position(${KIND_ARRAY_SQL}, kind) - 1 order by id),
          'actor', json_agg(actor_id order by id),
          'subject', json_agg(subject_person_id order by id),
          'subject2', json_agg(subject_person2_id order by id),
          'share', json_agg(subject_share_id order by id),
          'introduction', json_agg(subject_introduction_id order by id),
          'cause', json_agg(cause_id order by id),
          'at', json_agg(floor(extract(epoch from created_at) * 1000)::bigint order by id)) as events
        from (${source.sql}) ev`,
      source.params,
    ),
    em.execute<(Pick<SnapshotRow, 'people' | 'shares'> & { own_people: SnapshotRow['people'] })[]>(named.sql, named.params),
  ]);
  const people = tables!.people.id ? tables!.people : tables!.own_people;
  return assemble({ events: events!.events, people, shares: tables!.shares });
}

/** Columns by event id → columns by position, people and shares interned in order of first appearance. */
function assemble(row: SnapshotRow): RippleSnapshotData {
  const { events } = row;
  const size = events.id.length;
  // Ids ascend: a cause's position is a binary search away (no map of 100,000 entries to build).
  const positionOf = (id: number): number => {
    let lo = 0;
    let hi = size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = events.id[mid]!;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const kinds: EventKind[] = [];
  const kindIndex = new Int32Array(KINDS.length).fill(-1);
  const personIndex = new Map<number, number>();
  const personOrder: number[] = [];
  const shareIndex = new Map<number, number>();
  const shareOrder: number[] = [];
  const introductionIndex = new Map<number, number>();
  const introductionOrder: number[] = [];
  const intern = (map: Map<number, number>, order: number[], id: number | null): number => {
    if (id === null) return -1;
    let at = map.get(id);
    if (at === undefined) {
      at = order.length;
      map.set(id, at);
      order.push(id);
    }
    return at;
  };

  const kind = new Array<number>(size);
  const parent = new Array<number>(size);
  const at = new Array<number>(size);
  const actor = new Array<number>(size);
  const subject = new Array<number>(size);
  const subject2 = new Array<number>(size);
  const share = new Array<number>(size);
  const introduction = new Array<number>(size);
  const startedAt = events.at[0]!;
  for (let i = 0; i < size; i++) {
    const k = events.kind[i]!;
    if (kindIndex[k] === -1) {
      kindIndex[k] = kinds.length;
      kinds.push(KINDS[k]!);
    }
    kind[i] = kindIndex[k]!;
    // The start's own cause lies outside its ripple.
    parent[i] = i === 0 ? -1 : positionOf(events.cause[i]!);
    at[i] = Math.max(0, events.at[i]! - startedAt);
    actor[i] = intern(personIndex, personOrder, events.actor[i]!);
    subject[i] = intern(personIndex, personOrder, events.subject[i]!);
    subject2[i] = intern(personIndex, personOrder, events.subject2[i]!);
    share[i] = intern(shareIndex, shareOrder, events.share[i]!);
    introduction[i] = intern(introductionIndex, introductionOrder, events.introduction[i]!);
  }

  const people = { id: [] as string[], handle: new Array<string>(personOrder.length), name: new Array<string>(personOrder.length), avatarUrl: new Array<string | null>(personOrder.length) };
  const cards = row.people;
  for (let i = 0; i < (cards.id?.length ?? 0); i++) {
    const to = personIndex.get(cards.id![i]!)!;
    people.handle[to] = cards.handle[i]!;
    people.name[to] = cards.name[i]!;
    people.avatarUrl[to] = cards.avatar_url[i] ?? null;
  }
  people.id = toGlobalIds('Person', personOrder.map(String));

  const titles = new Array<string>(shareOrder.length);
  const shareCards = row.shares;
  for (let i = 0; i < (shareCards.id?.length ?? 0); i++) titles[shareIndex.get(shareCards.id![i]!)!] = shareCards.title[i]!;

  const eventIds = toGlobalIds('Event', events.id.map(String));
  return {
    v: RIPPLE_SNAPSHOT_VERSION,
    size,
    startedAt,
    cursor: eventIds[size - 1]!,
    kinds,
    events: { id: eventIds, kind, parent, at, actor, subject, subject2, share, introduction },
    people,
    shares: { id: toGlobalIds('Share', shareOrder.map(String)), title: titles },
    introductions: { id: toGlobalIds('Introduction', introductionOrder.map(String)) },
  };
}
