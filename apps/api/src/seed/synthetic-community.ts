import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/password.js';
import { reserveEventIds } from '../events/event-log.js';

/**
 * Synthetic communities for benchmarks and load tests: N people and M
 * follows shaped like real cascades (Goel et al.: most ripples are a single
 * event, a few grow large, fan-out is heavy-tailed). Deterministic by seed:
 * the plan is made in memory with a small seeded PRNG, then written with a
 * handful of set-based statements, keeping the event log's invariants
 * (root_id and depth copied from the cause, every FOLLOWED event with its
 * follow row, no duplicate follow pairs, nobody following themselves).
 */

export interface SyntheticOptions {
  /** How many people (each also gets a JOINED event, as sign-up does). */
  people: number;
  /** How many FOLLOWED events, in cascades. Fewer only if the people cannot hold that many distinct follows. */
  events: number;
  seed?: number;
  /** Make the first cascade exactly this big (e.g. a 5,000-event ripple for a benchmark). */
  largest?: number;
  /** When the follows start; people join in the 60 days before. Default 2026-01-01T00:00:00Z. */
  startAt?: Date;
  /** Everyone's password (one Argon2id hash shared by all). */
  password?: string;
}

export const SYNTHETIC_PASSWORD = 'synthetic-ripple';

export interface PlannedPerson {
  handle: string;
  name: string;
  email: string;
  headline: string;
  joinedAt: number;
}

export interface PlannedFollow {
  follower: number;
  followee: number;
  /** Index in `follows` of its cause; -1 for a cascade's root. Always smaller than its own index. */
  parent: number;
  /** Index in `follows` of its cascade's root. */
  root: number;
  depth: number;
  at: number;
}

export interface SyntheticPlan {
  people: PlannedPerson[];
  /** In time order, which is also id order once written. */
  follows: PlannedFollow[];
  /** Cascades (ripples rooted at a follow), largest first. */
  cascades: { root: number; size: number }[];
}

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; plenty for synthetic data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Ben', 'Chidi', 'Dana', 'Emeka', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kemi', 'Lars', 'Mina', 'Noor', 'Otto', 'Pia', 'Quinn', 'Rafa', 'Sana', 'Teo', 'Uma', 'Vik', 'Wren', 'Xia', 'Yusuf', 'Zoe'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Adeyemi', 'Nwosu', 'Park', 'Raman', 'Herrera', 'Dubois', 'Mensah', 'Tanaka', 'Silva', 'Kowalski', 'Haddad', 'Novak', 'Larsen'];
const HEADLINES = ['Community organiser', 'Writer', 'Designer', 'Data engineer', 'Founder', 'Researcher', 'Teacher', 'Connector', 'Investor', 'Nurse', 'Student', ''];

const DAY = 86_400_000;
/** Discrete Pareto tail exponent of cascade sizes: P(size ≥ s) = s^-α. About 60% of cascades are one follow. */
const SIZE_TAIL = 1.3;
/** Extra chances for a cascade's root to be picked as a parent: broadcast-heavy, as real cascades are. */
const ROOT_BOOST = 3;
/** Share of follows made to the person whose follow was seen, rather than to the cascade's subject. */
const FOLLOW_THE_FOLLOWER = 0.15;

/** The whole community, in memory. Pure: the same options always give the same plan. */
export function planSyntheticCommunity(options: SyntheticOptions): SyntheticPlan {
  const n = Math.floor(options.people);
  const m = Math.floor(options.events);
  if (!(n >= 2) || !(m >= 0)) throw new Error('need at least 2 people and 0 or more events');
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const start = (options.startAt ?? new Date('2026-01-01T00:00:00Z')).getTime();

  const people: PlannedPerson[] = Array.from({ length: n }, (_, i) => ({
    handle: `syn${seed}_${i}`,
    name: `${FIRST[int(FIRST.length)]} ${LAST[int(LAST.length)]}`,
    email: `syn${seed}_${i}@synthetic.ripple.test`,
    headline: HEADLINES[int(HEADLINES.length)]!,
    joinedAt: start - 60 * DAY + Math.floor((i * 60 * DAY) / n),
  }));

  const taken = new Set<number>();
  const pair = (follower: number, followee: number) => follower * n + followee;
  const followers = new Int32Array(n);
  /** Someone who does not follow `followee` yet, or -1 if a few tries find nobody. */
  const freeFollower = (followee: number): number => {
    for (let tries = 0; tries < 64; tries++) {
      const f = int(n);
      if (f !== followee && !taken.has(pair(f, followee))) return f;
    }
    return -1;
  };
  const take = (follower: number, followee: number) => {
    taken.add(pair(follower, followee));
    followers[followee]!++;
  };

  interface Node { follower: number; followee: number; parent: number; depth: number; at: number }
  const cascades: Node[][] = [];
  const maxCascade = Math.max(1, Math.floor((n - 1) * 0.8));
  let remaining = m;
  let stalls = 0;
  while (remaining > 0 && stalls < 1_000) {
    const asked = cascades.length === 0 && options.largest ? options.largest : 0;
    const drawn = Math.floor((1 - random()) ** (-1 / SIZE_TAIL));
    let size = asked ? Math.min(asked, remaining) : Math.min(drawn, remaining, maxCascade, options.largest ?? Infinity);
    // The subject: popular people are picked far more often (a skewed pick), if they have room for this cascade.
    let subject = -1;
    for (let tries = 0; tries < 8 && subject < 0; tries++) {
      const candidate = Math.floor(n * random() ** 2.5);
      if (n - 1 - followers[candidate]! >= size * 1.25) subject = candidate;
    }
    if (subject < 0) {
      subject = int(n);
      // A drawn size shrinks to fit; an asked-for one grows past its subject (see the fallback below).
      if (!asked) size = Math.min(size, Math.floor((n - 1 - followers[subject]!) / 2));
    }
    const rootFollower = size > 0 ? freeFollower(subject) : -1;
    if (rootFollower < 0) {
      stalls++;
      continue;
    }
    take(rootFollower, subject);
    const nodes: Node[] = [{ follower: rootFollower, followee: subject, parent: -1, depth: 0, at: start + int(30 * DAY) }];
    // Preferential attachment: a node is picked as a parent in proportion to 1 + its children (the root boosted).
    const urn: number[] = Array(1 + ROOT_BOOST).fill(0);
    for (let i = 1; i < size; i++) {
      const parent = urn[int(urn.length)]!;
      // Mostly the cascade's subject is followed; sometimes the person whose follow was seen,
      // and always them once nobody is left to follow the subject.
      const seen = nodes[parent]!.follower;
      const targets = random() < FOLLOW_THE_FOLLOWER ? [seen, subject] : [subject, seen];
      let followee = -1;
      let follower = -1;
      for (const target of targets) {
        follower = freeFollower(target);
        if (follower >= 0) {
          followee = target;
          break;
        }
      }
      if (follower < 0) break; // saturated: the cascade ends smaller
      take(follower, followee);
      // Delays are log-normal: a median of 20 minutes, from seconds to days.
      const delay = Math.max(1_000, Math.round(20 * 60_000 * Math.exp(1.6 * normal())));
      nodes.push({ follower, followee, parent, depth: nodes[parent]!.depth + 1, at: nodes[parent]!.at + delay });
      urn.push(parent, i);
    }
    cascades.push(nodes);
    remaining -= nodes.length;
  }

  // All follows in time order (ties: cascade, then node order, so a cause always precedes its effects).
  const order: { c: number; i: number; at: number }[] = [];
  cascades.forEach((nodes, c) => nodes.forEach((node, i) => order.push({ c, i, at: node.at })));
  order.sort((x, y) => x.at - y.at || x.c - y.c || x.i - y.i);
  const position = cascades.map((nodes) => new Int32Array(nodes.length));
  order.forEach(({ c, i }, k) => (position[c]![i] = k));
  const follows: PlannedFollow[] = order.map(({ c, i }) => {
    const node = cascades[c]![i]!;
    return {
      follower: node.follower,
      followee: node.followee,
      parent: node.parent < 0 ? -1 : position[c]![node.parent]!,
      root: position[c]![0]!,
      depth: node.depth,
      at: node.at,
    };
  });
  const summary = cascades
    .map((nodes, c) => ({ root: position[c]![0]!, size: nodes.length }))
    .sort((x, y) => y.size - x.size || x.root - y.root);
  return { people, follows, cascades: summary };
}

export interface SyntheticResult {
  people: number;
  /** JOINED events (one per person). */
  joined: number;
  /** FOLLOWED events, each with its follow row. */
  follows: number;
  ripples: number;
  /** The biggest cascades' root event ids and sizes, largest first (up to 10). */
  largest: { rootEventId: string; size: number }[];
  firstPersonId: string;
  firstEventId: string;
  lastEventId: string;
}

const CHUNK = 20_000;

/**
 * Plans and writes a synthetic community in one transaction. Event ids are
 * reserved as one block while holding the event log's append lock, so they
 * are consecutive and in time order, as live appends would be. Writes no
 * notifications and sends no NOTIFY: it is history, not news.
 */
export async function seedSyntheticCommunity(em: EntityManager, options: SyntheticOptions): Promise<SyntheticResult> {
  const plan = planSyntheticCommunity(options);
  const passwordHash = await hashPassword(options.password ?? SYNTHETIC_PASSWORD);
  const n = plan.people.length;
  const result = await em.transactional(async (tx) => {
    const exists = await tx.execute<{ handle: string }[]>(`select handle from person where handle = ?`, [plan.people[0]!.handle]);
    if (exists.length > 0) {
      throw new Error(`this database already holds the synthetic community of seed ${options.seed ?? 1}; use another --seed or a fresh database`);
    }
    const personIds: string[] = [];
    for (let from = 0; from < n; from += CHUNK) {
      const batch = plan.people.slice(from, from + CHUNK);
      const rows = await tx.execute<{ id: string; ord: string }[]>(
        `with input as (
           select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) with ordinality
                  as t(handle, name, email, headline, joined_ms, ord)
         ), inserted as (
           insert into person (handle, name, email, password_hash, headline, created_at, updated_at)
           select handle, name, email, ?, headline, to_timestamp(joined_ms / 1000.0), to_timestamp(joined_ms / 1000.0)
             from input order by ord
           returning id, handle
         )
         select inserted.id, input.ord from inserted join input using (handle) order by input.ord`,
        [
          textArray(batch.map((p) => p.handle)),
          textArray(batch.map((p) => p.name)),
          textArray(batch.map((p) => p.email)),
          textArray(batch.map((p) => p.headline)),
          numberArray(batch.map((p) => p.joinedAt)),
          passwordHash,
        ],
      );
      for (const row of rows) personIds.push(String(row.id));
    }

    // One block of ids for everything, in time order: the JOINED events first (everyone joined before the follows).
    const total = n + plan.follows.length;
    const first = await reserveEventIds(tx, total);
    const eventId = (k: number) => String(first + BigInt(k));

    for (let from = 0; from < n; from += CHUNK) {
      const ids = personIds.slice(from, from + CHUNK);
      await tx.execute(
        `insert into event (id, kind, actor_id, root_id, depth, visibility, created_at)
         select id, 'JOINED', actor, id, 0, 'public', to_timestamp(ms / 1000.0)
           from unnest(?::bigint[], ?::bigint[], ?::bigint[]) as t(id, actor, ms)`,
        [
          numberArray(ids.map((_, k) => eventId(from + k))),
          numberArray(ids),
          numberArray(plan.people.slice(from, from + CHUNK).map((p) => p.joinedAt)),
        ],
      );
    }
    // The ripple figures trigger keeps figures one event at a time: for a bulk write it is
    // off for this transaction (DDL is transactional: nobody else sees it off) and the
    // figures are built set-based once at the end.
    await tx.execute(`alter table event disable trigger event_ripple_grow`);
    // Each follow's ancestors, root first: its cause's path and the cause itself (see event.path).
    const paths: string[] = [];
    plan.follows.forEach((f, k) => {
      paths[k] = f.parent < 0 ? '{}' : `${paths[f.parent]!.slice(0, -1)}${f.parent === f.root ? '' : ','}${eventId(n + f.parent)}}`;
    });
    for (let from = 0; from < plan.follows.length; from += CHUNK) {
      const batch = plan.follows.slice(from, from + CHUNK);
      const columns = [
        batch.map((_, k) => eventId(n + from + k)),
        batch.map((f) => personIds[f.follower]!),
        batch.map((f) => personIds[f.followee]!),
        batch.map((f) => (f.parent < 0 ? null : eventId(n + f.parent))),
        batch.map((f) => eventId(n + f.root)),
        batch.map((f) => f.depth),
        batch.map((f) => f.at),
      ].map(numberArray);
      await tx.execute(
        `with input as (
           select * from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::bigint[], ?::text[])
                  as t(id, follower, followee, cause, root, depth, ms, path)
         ), events as (
           insert into event (id, kind, actor_id, subject_person_id, cause_id, root_id, depth, path, visibility, created_at)
           select id, 'FOLLOWED', follower, followee, cause, root, depth, path::bigint[], 'public', to_timestamp(ms / 1000.0)
             from input order by id
         )
         insert into follow (follower_id, followee_id, event_id, created_at)
         select follower, followee, id, to_timestamp(ms / 1000.0) from input`,
        [...columns, textArray(paths.slice(from, from + CHUNK))],
      );
    }
    await tx.execute(`alter table event enable trigger event_ripple_grow`);
    await tx.execute(`select ripple_rebuild(?::bigint[])`, [
      numberArray(plan.cascades.map((c) => eventId(n + c.root))),
    ]);
    return {
      people: n,
      joined: n,
      follows: plan.follows.length,
      ripples: plan.cascades.length,
      largest: plan.cascades.slice(0, 10).map((c) => ({ rootEventId: eventId(n + c.root), size: c.size })),
      firstPersonId: personIds[0]!,
      firstEventId: eventId(0),
      lastEventId: eventId(total - 1),
    };
  });
  await em.execute('analyze person, event, follow');
  return result;
}

/** A PostgreSQL array literal of numbers (or ids as strings); null becomes NULL. */
function numberArray(values: readonly (number | string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/** A PostgreSQL array literal of text, every element quoted. */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
