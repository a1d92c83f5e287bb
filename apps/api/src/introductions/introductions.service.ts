import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Config } from '../config/config.js';
import { appendEvent } from '../events/event-log.js';
import { EventKind, EventVisibility } from '../events/event.entity.js';
import type { Viewer } from '../graphql/context.js';
import { AppError, badInput, conflict, fromZod, notFound } from '../graphql/errors.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { bigintArray } from '../db/sql.js';
import { orderedPair } from '../people/connection.entity.js';
import { PersonEntity } from '../people/person.entity.js';
import { notifyAbout } from '../notifications/notices.js';
import {
  CloseReason,
  IntroductionAnswer,
  IntroductionEntity,
  IntroductionMessageEntity,
  IntroductionMode,
  IntroductionPartyEntity,
  IntroductionStatus,
} from './introduction.entity.js';
import { effectiveStatus, otherSide, partiesOf, roleOf, type IntroductionView } from './introduction-view.js';
import { MessageBody, ProposeIntroduction, type ProposeIntroductionInput } from './introduction.schema.js';

/** The rules of LIFECYCLE.md. Every write runs in one transaction with its events. */

type IntroductionSettings = Pick<Config, 'INTRODUCTION_EXPIRY_DAYS' | 'NOT_NOW_DAYS'>;
const DAY_MS = 86_400_000;

export type IntroductionResponse = 'ACCEPT' | 'DECLINE' | 'NOT_NOW';
export type IntroductionListRole = 'ASKED' | 'INTRODUCED' | 'CONNECTED';

async function loadParties(em: EntityManager, introductionId: string) {
  return partiesOf(await em.find(IntroductionPartyEntity, { introductionId }));
}

/** The introduction as this viewer may see it; NOT_FOUND for missing and not-yours alike. */
export async function introductionFor(em: EntityManager, viewer: Viewer, id: string | null): Promise<IntroductionView> {
  const introduction = id ? await em.findOne(IntroductionEntity, { id }) : null;
  if (!introduction) throw notFound('That introduction');
  const parties = await loadParties(em, introduction.id);
  const role = roleOf(viewer.person.id, introduction, parties);
  if (!role) throw notFound('That introduction');
  return { introduction, parties, role };
}

function requestHash(input: object): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export async function proposeIntroduction(
  em: EntityManager,
  viewer: Viewer,
  raw: ProposeIntroductionInput,
  settings: IntroductionSettings,
): Promise<IntroductionView> {
  const parsed = ProposeIntroduction.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const input = parsed.data;
  const connectorId = viewer.person.id;
  const hash = requestHash({ ...input, idempotencyKey: undefined });

  if (input.idempotencyKey) {
    const replayed = await replayProposal(em, viewer, input.idempotencyKey, hash);
    if (replayed) return replayed;
  }
  if (input.personAId === input.personBId) {
    throw badInput('Introduce two different people.', [{ field: 'personBId', message: 'is the same person as personAId' }]);
  }
  if (input.personAId === connectorId || input.personBId === connectorId) {
    const field = input.personAId === connectorId ? 'personAId' : 'personBId';
    throw badInput('You cannot introduce yourself; introduce two other people.', [{ field, message: 'is you' }]);
  }
  const people = await em.find(PersonEntity, { id: { $in: [input.personAId, input.personBId] } });
  if (people.length !== 2) throw notFound('That person');
  // From here on every refusal depends only on what the connector may already see
  // (LIFECYCLE.md "Refusals"): their own followers and connections, the pair's
  // public connection, their own introductions. Another connector's open
  // introduction for the pair is never consulted.
  await requireRelationship(em, connectorId, input);

  try {
    return await em.transactional(async (tx) => {
      const [a, b] = orderedPair(input.personAId, input.personBId);
      await lockPair(tx, a, b);
      if (input.idempotencyKey) {
        // A concurrent twin with the same key may have committed while we waited for the pair.
        const replayed = await replayProposal(tx, viewer, input.idempotencyKey, hash);
        if (replayed) return replayed;
      }
      const [connected] = await tx.execute(`select 1 from connection where person_a_id = ? and person_b_id = ?`, [a, b]);
      if (connected) throw conflict('These two are already connected.');
      // An expired introduction still marked pending must never block a new one.
      await closeOwnExpiredForPair(tx, connectorId, [a, b]);
      const [open] = await tx.execute(
        `select 1 from introduction
          where connector_id = ? and status = 'PENDING'
            and least(person_a_id, person_b_id) = ? and greatest(person_a_id, person_b_id) = ?`,
        [connectorId, a, b],
      );
      if (open) throw OWN_OPEN_INTRODUCTION();

      // "An introduction C makes between A and D is caused by the earlier
      // connection through which C met A": the newest such connection, if any.
      const [cause] = await tx.execute<{ event_id: string }[]>(
        `select event_id from connection
          where event_id is not null
            and ((person_a_id, person_b_id) in ((least(?::bigint, ?::bigint), greatest(?::bigint, ?::bigint)),
                                                (least(?::bigint, ?::bigint), greatest(?::bigint, ?::bigint))))
          order by event_id desc limit 1`,
        [connectorId, input.personAId, connectorId, input.personAId, connectorId, input.personBId, connectorId, input.personBId],
      );
      const now = new Date();
      const introduction = tx.create(IntroductionEntity, {
        connectorId,
        personAId: input.personAId,
        personBId: input.personBId,
        reason: input.reason,
        noteForA: input.noteForA,
        noteForB: input.noteForB,
        mode: input.mode,
        causeEventId: cause ? String(cause.event_id) : null,
        idempotencyKey: input.idempotencyKey,
        requestHash: input.idempotencyKey ? hash : null,
        expiresAt: new Date(now.getTime() + settings.INTRODUCTION_EXPIRY_DAYS * DAY_MS),
      });
      await tx.flush();
      const askBoth = input.mode === IntroductionMode.BOTH_AT_ONCE;
      const A = tx.create(IntroductionPartyEntity, { introductionId: introduction.id, personId: input.personAId, side: 'A', askedAt: now });
      const B = tx.create(IntroductionPartyEntity, {
        introductionId: introduction.id,
        personId: input.personBId,
        side: 'B',
        askedAt: askBoth ? now : null,
      });
      await tx.flush();

      await appendEvent(tx, {
        kind: EventKind.INTRODUCTION_PROPOSED,
        actorId: connectorId,
        subjectPersonId: input.personAId,
        subjectPerson2Id: input.personBId,
        subjectIntroductionId: introduction.id,
        visibility: EventVisibility.AUDIENCE,
        audience: [connectorId],
      });
      for (const party of askBoth ? [A, B] : [A]) await ask(tx, introduction, party);
      return { introduction, parties: { A, B }, role: 'CONNECTOR' as const };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      if (error.message.includes('introduction_idempotency') && input.idempotencyKey) {
        const replayed = await replayProposal(em.fork(), viewer, input.idempotencyKey, hash);
        if (replayed) return replayed;
      }
      if (error.message.includes('introduction_one_pending_per_connector_pair')) throw OWN_OPEN_INTRODUCTION();
    }
    throw error;
  }
}

const OWN_OPEN_INTRODUCTION = () => conflict('You already have an open introduction for these two.');

/**
 * LIFECYCLE.md "Who may introduce whom": each of the two must be connected
 * with the connector or follow them (a follow by the connector alone is not
 * their consent). Decided only from the connector's own connections and
 * followers, which the connector can already see.
 */
async function requireRelationship(em: EntityManager, connectorId: string, input: { personAId: string; personBId: string }) {
  const rows = await em.execute<{ id: string; known: boolean }[]>(
    `select p.id::text as id,
            exists (select 1 from connection c
                     where c.person_a_id = least(p.id, ?::bigint) and c.person_b_id = greatest(p.id, ?::bigint))
            or exists (select 1 from follow f where f.follower_id = p.id and f.followee_id = ?::bigint) as known
       from unnest(?::bigint[]) as p(id)`,
    [connectorId, connectorId, connectorId, bigintArray([input.personAId, input.personBId])],
  );
  const strangers = (['personAId', 'personBId'] as const).filter((field) => !rows.find((r) => String(r.id) === input[field])?.known);
  if (strangers.length === 0) return;
  throw new AppError('FORBIDDEN', 'You can introduce only people you are connected with or who follow you.', {
    fields: strangers.map((field) => ({ field, message: 'is not connected with you and does not follow you' })),
  });
}

// Two-key advisory locks live apart from the one-key ones (the append and migration locks).
const PAIR_LOCK_SPACE = 7_404_103;

/**
 * Serialises the acts that change a pair's open introductions as a whole
 * (proposing one, connecting one and closing the others), so a new
 * introduction can never slip in beside a connection being made. Taken
 * before any introduction row, and long before the append lock.
 */
async function lockPair(tx: EntityManager, a: string, b: string): Promise<void> {
  await tx.execute(
    `select pg_advisory_xact_lock(${PAIR_LOCK_SPACE}, hashtext(least(?::bigint, ?::bigint)::text || ':' || greatest(?::bigint, ?::bigint)::text))`,
    [a, b, a, b],
  );
}

/** `lockPair` for an introduction known only by id (nothing happens if it does not exist). */
async function lockPairOf(tx: EntityManager, introductionId: string): Promise<void> {
  await tx.execute(
    `select pg_advisory_xact_lock(${PAIR_LOCK_SPACE},
              hashtext(least(person_a_id, person_b_id)::text || ':' || greatest(person_a_id, person_b_id)::text))
       from introduction where id = ?`,
    [introductionId],
  );
}

/** Same key, same request: the first result. Same key, another request: CONFLICT. */
async function replayProposal(em: EntityManager, viewer: Viewer, key: string, hash: string): Promise<IntroductionView | null> {
  const existing = await em.findOne(IntroductionEntity, { connectorId: viewer.person.id, idempotencyKey: key });
  if (!existing) return null;
  if (existing.requestHash !== hash) {
    throw conflict('That idempotency key was already used for a different introduction.', [
      { field: 'idempotencyKey', message: 'was used for a different request' },
    ]);
  }
  return { introduction: existing, parties: await loadParties(em, existing.id), role: 'CONNECTOR' };
}

async function ask(tx: EntityManager, introduction: IntroductionEntity, party: IntroductionPartyEntity) {
  party.askedAt ??= new Date();
  await tx.flush();
  const event = await appendEvent(tx, {
    kind: EventKind.INTRODUCTION_ASKED,
    actorId: introduction.connectorId,
    subjectPersonId: party.personId,
    subjectIntroductionId: introduction.id,
    visibility: EventVisibility.AUDIENCE,
    audience: [introduction.connectorId, party.personId],
  });
  await notifyAbout(tx, event);
}

/** Loads and row-locks an introduction for a transition; NOT_FOUND unless the viewer may see it. */
async function lockFor(tx: EntityManager, viewer: Viewer, id: string | null) {
  const introduction = id ? await tx.findOne(IntroductionEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!introduction) throw notFound('That introduction');
  const parties = await loadParties(tx, introduction.id);
  const role = roleOf(viewer.person.id, introduction, parties);
  if (!role) throw notFound('That introduction');
  return { introduction, parties, role };
}

export async function respondToIntroduction(
  em: EntityManager,
  viewer: Viewer,
  id: string | null,
  response: IntroductionResponse,
  settings: IntroductionSettings,
): Promise<IntroductionView> {
  return em.transactional(async (tx) => {
    // An accept may connect the pair and close its other introductions: pair first, then rows.
    if (id) await lockPairOf(tx, id);
    const view = await lockFor(tx, viewer, id);
    const { introduction, parties, role } = view;
    if (role === 'CONNECTOR') throw new AppError('FORBIDDEN', 'Only the two people asked can answer an introduction.');
    if (effectiveStatus(introduction) !== IntroductionStatus.PENDING) throw conflict('This introduction is no longer open.');
    const me = parties[role];
    if (me.response === IntroductionAnswer.ACCEPTED || me.response === IntroductionAnswer.DECLINED) {
      throw conflict('You have already answered this introduction.');
    }
    const other = parties[otherSide(role)];
    const connects = response === 'ACCEPT' && other.response === IntroductionAnswer.ACCEPTED;
    // Locked before any event is appended: whoever holds the append lock must never wait for a row.
    const superseded = connects ? await lockOtherOpenForPair(tx, introduction) : [];
    const now = new Date();
    me.response =
      response === 'ACCEPT' ? IntroductionAnswer.ACCEPTED : response === 'DECLINE' ? IntroductionAnswer.DECLINED : IntroductionAnswer.NOT_NOW;
    me.respondedAt = now;
    me.resurfaceAt = response === 'NOT_NOW' ? new Date(now.getTime() + settings.NOT_NOW_DAYS * DAY_MS) : null;
    await tx.flush();
    await appendEvent(tx, {
      kind: EventKind.INTRODUCTION_RESPONDED,
      actorId: me.personId,
      subjectIntroductionId: introduction.id,
      visibility: EventVisibility.AUDIENCE,
      audience: [introduction.connectorId, me.personId],
    });

    if (connects) await connect(tx, introduction, parties, superseded);
    else if (me.response === IntroductionAnswer.ACCEPTED && other.askedAt === null) await ask(tx, introduction, other);
    else if (me.response === IntroductionAnswer.DECLINED && other.askedAt === null) {
      // Ask-one-first: the second person never knew; closing tells nobody anything.
      await close(tx, introduction, parties, CloseReason.DECLINED);
    }
    return view;
  });
}

/**
 * The other connectors' open introductions for this pair, row-locked (the
 * caller holds the pair lock). Expired ones are left to the sweeper: they
 * closed as EXPIRED already, as far as anyone can see.
 */
async function lockOtherOpenForPair(tx: EntityManager, introduction: IntroductionEntity): Promise<IntroductionEntity[]> {
  const rows = await tx.execute<{ id: string }[]>(
    `select id from introduction
      where status = 'PENDING' and expires_at > now() and id <> ?
        and least(person_a_id, person_b_id) = least(?::bigint, ?::bigint)
        and greatest(person_a_id, person_b_id) = greatest(?::bigint, ?::bigint)
      order by id for update`,
    [introduction.id, introduction.personAId, introduction.personBId, introduction.personAId, introduction.personBId],
  );
  return rows.length ? tx.find(IntroductionEntity, { id: { $in: rows.map((r) => String(r.id)) } }, { orderBy: { id: 'asc' } }) : [];
}

async function connect(
  tx: EntityManager,
  introduction: IntroductionEntity,
  parties: IntroductionView['parties'],
  /** Other connectors' open introductions for the pair: they close, since the two are now connected. */
  superseded: IntroductionEntity[],
): Promise<void> {
  const [a, b] = orderedPair(parties.A.personId, parties.B.personId);
  const introduced = await appendEvent(tx, {
    kind: EventKind.INTRODUCED,
    actorId: introduction.connectorId,
    subjectPersonId: parties.A.personId,
    subjectPerson2Id: parties.B.personId,
    subjectIntroductionId: introduction.id,
    causeId: introduction.causeEventId,
  });
  const connected = await appendEvent(tx, {
    kind: EventKind.CONNECTED,
    actorId: parties.A.personId,
    subjectPersonId: parties.B.personId,
    subjectIntroductionId: introduction.id,
    causeId: introduced.id,
  });
  const inserted = await tx.execute<unknown[]>(
    `insert into connection (person_a_id, person_b_id, introduction_id, event_id) values (?, ?, ?, ?)
     on conflict do nothing returning 1`,
    [a, b, introduction.id, connected.id],
  );
  // The row lock on the introduction serialises accepts, so this cannot race with itself.
  if (inserted.length === 0) throw conflict('These two are already connected.');
  introduction.status = IntroductionStatus.CONNECTED;
  introduction.connectedAt = new Date();
  introduction.introducedEventId = introduced.id;
  introduction.connectedEventId = connected.id;
  await tx.flush();
  // All three hear, the person whose accept completed it too (see NOTIFICATIONS.md).
  await notifyAbout(tx, connected);
  for (const other of superseded) await close(tx, other, await loadParties(tx, other.id), CloseReason.ALREADY_CONNECTED);
}

async function close(
  tx: EntityManager,
  introduction: IntroductionEntity,
  parties: IntroductionView['parties'],
  reason: CloseReason,
): Promise<void> {
  introduction.status = IntroductionStatus.CLOSED;
  introduction.closeReason = reason;
  introduction.closedAt = new Date();
  await tx.flush();
  const asked = [parties.A, parties.B].filter((p) => p.askedAt !== null).map((p) => p.personId);
  await appendEvent(tx, {
    kind: EventKind.INTRODUCTION_CLOSED,
    actorId: introduction.connectorId,
    subjectIntroductionId: introduction.id,
    visibility: EventVisibility.AUDIENCE,
    audience: [introduction.connectorId, ...asked],
  });
}

export async function withdrawIntroduction(em: EntityManager, viewer: Viewer, id: string | null): Promise<IntroductionView> {
  return em.transactional(async (tx) => {
    const view = await lockFor(tx, viewer, id);
    if (view.role !== 'CONNECTOR') throw new AppError('FORBIDDEN', 'Only the person who made an introduction can withdraw it.');
    if (effectiveStatus(view.introduction) !== IntroductionStatus.PENDING) throw conflict('This introduction is no longer open.');
    await close(tx, view.introduction, view.parties, CloseReason.WITHDRAWN);
    return view;
  });
}

/**
 * Records expiry for pending introductions past `expires_at` (reads already
 * treat them as closed). Runs periodically on every instance; SKIP LOCKED
 * lets instances share the work.
 */
export async function closeExpired(em: EntityManager, options: { limit?: number } = {}): Promise<number> {
  return em.transactional(async (tx) => {
    const rows = await lockExpired(tx, options.limit ?? 100);
    await closeAsExpired(tx, rows);
    return rows.length;
  });
}

/** The sweeper's first step: row-locks up to `limit` expired introductions no other instance holds. */
export async function lockExpired(tx: EntityManager, limit: number): Promise<{ id: string }[]> {
  return tx.execute<{ id: string }[]>(
    `select id from introduction where status = 'PENDING' and expires_at <= now()
      order by expires_at limit ? for update skip locked`,
    [limit],
  );
}

/**
 * Before a connector proposes a pair again: their own expired introductions
 * for it, still marked pending, are closed now so they never block the new
 * one. No SKIP LOCKED here: if the sweeper holds one, this waits for it to
 * commit (the row is then no longer pending) rather than skip it and let the
 * unique index answer a spurious CONFLICT.
 */
async function closeOwnExpiredForPair(tx: EntityManager, connectorId: string, [a, b]: [string, string]): Promise<void> {
  const rows = await tx.execute<{ id: string }[]>(
    `select id from introduction
      where connector_id = ? and status = 'PENDING' and expires_at <= now()
        and least(person_a_id, person_b_id) = ? and greatest(person_a_id, person_b_id) = ?
      for update`,
    [connectorId, a, b],
  );
  await closeAsExpired(tx, rows);
}

/** The sweeper's second step (and the proposer's): records why each locked introduction closed. */
export async function closeAsExpired(tx: EntityManager, rows: { id: string }[]): Promise<void> {
  for (const { id } of rows) {
    const introduction = await tx.findOneOrFail(IntroductionEntity, { id: String(id) });
    const parties = await loadParties(tx, introduction.id);
    const declined = [parties.A, parties.B].some((p) => p.response === IntroductionAnswer.DECLINED);
    await close(tx, introduction, parties, declined ? CloseReason.DECLINED : CloseReason.EXPIRED);
  }
}

export async function recordMeeting(em: EntityManager, viewer: Viewer, id: string | null, met: boolean): Promise<IntroductionView> {
  return em.transactional(async (tx) => {
    const view = await lockFor(tx, viewer, id);
    const { introduction, parties, role } = view;
    if (role === 'CONNECTOR') throw new AppError('FORBIDDEN', 'Only the two people introduced can say whether they met.');
    if (introduction.status !== IntroductionStatus.CONNECTED) throw conflict('Only a connected introduction can record a meeting.');
    const me = parties[role];
    if (me.met !== null) throw conflict('You have already answered.');
    me.met = met;
    me.metAt = new Date();
    await tx.flush();
    if (met) {
      await appendEvent(tx, {
        kind: EventKind.MET,
        actorId: me.personId,
        subjectPersonId: parties[otherSide(role)].personId,
        subjectIntroductionId: introduction.id,
        causeId: introduction.connectedEventId,
      });
    }
    return view;
  });
}

export async function postMessage(
  em: EntityManager,
  viewer: Viewer,
  id: string | null,
  body: string,
): Promise<IntroductionMessageEntity> {
  const parsed = MessageBody.safeParse(body);
  if (!parsed.success) throw badInput(`Invalid input: body: ${parsed.error.issues[0]!.message}`, [{ field: 'body', message: parsed.error.issues[0]!.message }]);
  return em.transactional(async (tx) => {
    const { introduction, parties } = await lockFor(tx, viewer, id);
    if (introduction.status !== IntroductionStatus.CONNECTED) throw conflict('The thread opens once both have accepted.');
    const message = tx.create(IntroductionMessageEntity, { introductionId: introduction.id, authorId: viewer.person.id, body: parsed.data });
    await tx.flush();
    await appendEvent(tx, {
      kind: EventKind.INTRODUCTION_MESSAGE,
      actorId: viewer.person.id,
      subjectIntroductionId: introduction.id,
      visibility: EventVisibility.AUDIENCE,
      audience: [introduction.connectorId, parties.A.personId, parties.B.personId],
    });
    return message;
  });
}

/**
 * The viewer's introductions, newest first: ASKED (asked of them and still
 * open), INTRODUCED (made by them), CONNECTED (they were introduced and it
 * connected). Two statements whatever the page size.
 */
export async function listIntroductions(
  em: EntityManager,
  viewer: Viewer,
  role: IntroductionListRole,
  page: PageRequest,
): Promise<Connection<IntroductionView>> {
  const before = cursorId(page);
  const me = viewer.person.id;
  const condition = {
    ASKED: `exists (select 1 from introduction_party p where p.introduction_id = i.id and p.person_id = ? and p.asked_at is not null)
            and i.status = 'PENDING' and i.expires_at > now()`,
    INTRODUCED: `i.connector_id = ?`,
    CONNECTED: `exists (select 1 from introduction_party p where p.introduction_id = i.id and p.person_id = ?) and i.status = 'CONNECTED'`,
  }[role];
  const rows = await em.execute<Record<string, unknown>[]>(
    `select i.* from introduction i where ${condition} and (?::bigint is null or i.id < ?::bigint) order by i.id desc limit ?`,
    [me, before, before, page.first + 1],
  );
  const introductions = rows.map((row) => em.map(IntroductionEntity, row));
  const parties = introductions.length
    ? await em.find(IntroductionPartyEntity, { introductionId: { $in: introductions.map((i) => i.id) } })
    : [];
  const views = introductions.map((introduction) => {
    const own = partiesOf(parties.filter((p) => p.introductionId === introduction.id));
    return { introduction, parties: own, role: roleOf(me, introduction, own)! };
  });
  return toConnection(views, page.first, (v) => [v.introduction.id], (v) => v, page.after !== null);
}

/** Messages of a connected introduction's thread, oldest first. */
export async function threadOf(em: EntityManager, view: IntroductionView, page: PageRequest) {
  if (view.introduction.status !== IntroductionStatus.CONNECTED) return toConnection([], page.first, () => [], (m) => m, false);
  const after = cursorId(page);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from introduction_message where introduction_id = ? and (?::bigint is null or id > ?::bigint) order by id limit ?`,
    [view.introduction.id, after, after, page.first + 1],
  );
  return toConnection(
    rows.map((row) => em.map(IntroductionMessageEntity, row)),
    page.first,
    (m) => [m.id],
    (m) => m,
    page.after !== null,
  );
}

/** Views for many introductions at once (the Event.introduction field); null where the viewer may not see one. */
export async function introductionsForIds(em: EntityManager, viewerId: string | null, ids: readonly string[]) {
  const introductions = await em.find(IntroductionEntity, { id: { $in: ids as string[] } });
  const parties = introductions.length
    ? await em.execute<Record<string, unknown>[]>(`select * from introduction_party where introduction_id = any(?::bigint[])`, [
        bigintArray(introductions.map((i) => i.id)),
      ])
    : [];
  const mapped = parties.map((row) => em.map(IntroductionPartyEntity, row));
  return ids.map((id): IntroductionView | null => {
    const introduction = introductions.find((i) => i.id === id);
    if (!introduction || !viewerId) return null;
    const own = partiesOf(mapped.filter((p) => p.introductionId === id));
    const role = roleOf(viewerId, introduction, own);
    return role ? { introduction, parties: own, role } : null;
  });
}
