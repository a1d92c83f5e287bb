import type { EntityManager } from '@mikro-orm/postgresql';
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { rowReader } from '../db/read-rows.js';
import { bigintArray, executePrepared } from '../db/sql.js';
import { appendEvent, appendEventsSql, EVENT_CHANNEL, type BatchEvent } from '../events/event-log.js';
import { EventKind, EventVisibility, type EventEntity } from '../events/event.entity.js';
import { VISIBLE_TO_VIEWER_SQL } from '../events/event-visibility.js';
import type { Context, Viewer } from '../graphql/context.js';
import { AppError, badInput, conflict, notFound, type FieldProblem } from '../graphql/errors.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { liveEvents } from '../live/event-streams.js';
import { announceAfterCommit } from '../live/announce.js';
import { noticesOfNewShare, notifyAbout } from '../notifications/notices.js';
import { NOTIFICATION_CHANNEL, storedNoticesSql } from '../notifications/notify.js';
import { orderedPair } from '../people/connection.entity.js';
import { authorProblems, requestHash, Reshare, ShareWork, zodProblems, type ShareWorkArgs } from './feed.schema.js';
import { ShareEntity } from './share.entity.js';

/**
 * The shared feed: sharing work with credit, reshares, thanks, the feed
 * itself and its live stream. Each act stores its state and appends its
 * events (see DESIGN.md, "ripple") in one transaction.
 */

/**
 * A share the viewer may see (its event is public, or names them in its
 * audience), and whether it is public; NOT_FOUND otherwise, exactly as for a
 * share that does not exist, so acting on an id tells nobody what it hides.
 */
async function shareSeenBy(
  em: EntityManager,
  viewer: Viewer,
  id: string | null,
): Promise<{ share: ShareEntity; isPublic: boolean; audience: string[] }> {
  const [row] = id
    ? await em.execute<(Record<string, unknown> & { event_visibility: EventVisibility; event_audience: string[] })[]>(
        `select s.*, e.visibility as event_visibility, e.audience::text[] as event_audience
           from share s join event e on e.id = s.event_id
          where s.id = ? and ${VISIBLE_TO_VIEWER_SQL}`,
        [id, viewer.person.id],
      )
    : [];
  if (!row) throw notFound('That share');
  const { event_visibility: visibility, event_audience: audience, ...share } = row;
  return { share: em.map(ShareEntity, share), isPublic: visibility === EventVisibility.PUBLIC, audience };
}

/**
 * Every share and reshare (or one member's) the viewer may see, newest
 * first; signed out (`viewer` null), the public ones. The cursor is the
 * share's event id (ids become visible in order).
 */
export async function feedPage(
  em: EntityManager,
  viewer: Viewer | null,
  page: PageRequest,
  options: { sharerId?: string } = {},
): Promise<Connection<ShareEntity>> {
  const before = cursorId(page);
  const sharerId = options.sharerId ?? null;
  const rows = await em.execute<Record<string, unknown>[]>(
    `select s.* from event e join share s on s.id = e.subject_share_id
      where e.kind in ('${EventKind.SHARED}', '${EventKind.RESHARED}') and ${VISIBLE_TO_VIEWER_SQL}
        and (?::bigint is null or e.actor_id = ?::bigint)
        and (?::bigint is null or e.id < ?::bigint)
      order by e.id desc
      limit ?`,
    [viewer?.person.id ?? null, sharerId, sharerId, before, before, page.first + 1],
  );
  return toConnection(
    rows.map((row) => em.map(ShareEntity, row)),
    page.first,
    (share) => [share.eventId],
    (share) => share,
    page.after !== null,
  );
}

/**
 * Shares a piece of work, crediting its author and mentioning members.
 * Appends SHARED (continuing the ripple through which the sharer found a
 * member author, if any) and one MENTIONED per mention; the notifications
 * feature tells the credited member and the mentioned ones.
 */
export async function shareWork(em: EntityManager, viewer: Viewer, input: ShareWorkArgs): Promise<ShareEntity> {
  const parsed = ShareWork.safeParse(input);
  const problems = [...(parsed.success ? [] : zodProblems(parsed.error)), ...authorProblems(input)];
  if (!parsed.success || problems.length > 0) throw invalid(problems);
  const request = parsed.data;
  const authorPersonId = request.authorId ?? null;
  const outside = authorPersonId === null;
  const mentionIds = [...new Set(request.mentionIds)];
  const selfMention = request.mentionIds.indexOf(viewer.person.id);
  if (selfMention >= 0) {
    throw badInput('You cannot mention yourself.', [{ field: `mentionIds.${selfMention}`, message: 'is you' }]);
  }
  const fields = {
    url: request.url,
    title: request.title,
    note: request.note,
    authorPersonId,
    authorName: outside ? (request.authorName ?? null) : null,
    authorHandle: outside ? (request.authorHandle ?? null) : null,
    authorUrl: outside ? (request.authorUrl ?? null) : null,
  };
  const key = request.idempotencyKey ?? null;
  // Only a keyed request is ever compared with a replay: no key, no digest to store.
  const hash = key === null ? null : requestHash('shareWork', { ...fields, mentionIds: [...mentionIds].sort() });
  const earlier = await replayed(em, viewer, key, hash);
  if (earlier) return earlier;

  // The write's foreign keys check that the author and the people mentioned are members;
  // only when one fails is it worth a read to say which.
  const members = [
    ...(authorPersonId ? [{ id: authorPersonId, field: 'authorId', what: 'The credited author' }] : []),
    ...request.mentionIds.map((id, i) => ({ id, field: `mentionIds.${i}`, what: 'A mentioned person' })),
  ];
  const causeId = authorPersonId ? await howSharerFound(em, viewer.person.id, authorPersonId) : null;
  const events: BatchEvent[] = [
    { kind: EventKind.SHARED, actorId: viewer.person.id, subjectPersonId: authorPersonId, subjectShareId: NEW_SHARE_ID, causeId },
    ...mentionIds.map((personId) => ({
      kind: EventKind.MENTIONED,
      actorId: viewer.person.id,
      subjectPersonId: personId,
      subjectShareId: NEW_SHARE_ID,
      causeIndex: 0,
    })),
  ];
  return storeOnce(em, viewer, key, hash, async () => {
    try {
      const share = { ...fields, sharerId: viewer.person.id, idempotencyKey: key, requestHash: hash };
      return await storeShare(em, share, events, { mentionIds, reshareOf: null });
    } catch (error) {
      if (error instanceof ForeignKeyConstraintViolationException) await requireMembers(em, members);
      throw error;
    }
  });
}

/** The id `storeShare` takes for the new share, in the statement that appends its events. */
const NEW_SHARE_ID = { sql: '(select id from new_share)' };

type NewShare = Pick<
  ShareEntity,
  'sharerId' | 'url' | 'title' | 'note' | 'authorPersonId' | 'authorName' | 'authorHandle' | 'authorUrl' | 'idempotencyKey' | 'requestHash'
>;

/**
 * Writes a share (or, with `reshareOf`, a reshare), its mentions, its events
 * and the notices they give, in one statement: atomic without a
 * transaction, one round trip (sharing while many others share is bound by
 * round trips, see bench/append.bench.ts). The share takes its id here
 * (`new_share`, which its events name). An original starts its own feed
 * item (`active_event_id`) at its event; a reshare brings its original's
 * item back to the top (Migration20261212000000FeedItems). The text holds
 * only the parts a share needs (the reshare's raise, the mentions) and is
 * otherwise the same whatever the share says, so each of its few shapes is
 * prepared once per connection; it names the id's sequence, `share_id_seq`,
 * rather than looking it up on every share.
 */
async function storeShare(
  em: EntityManager,
  share: NewShare,
  events: BatchEvent[],
  options: { mentionIds: string[]; reshareOf: { id: string; originalId: string } | null },
): Promise<ShareEntity> {
  const appended = appendEventsSql(em, events);
  const notices = storedNoticesSql(em, noticesOfNewShare(events, options.reshareOf?.id ?? null), { shareSql: NEW_SHARE_ID.sql });
  const reshareOf = options.reshareOf;
  const mentions = options.mentionIds.length > 0;
  // Only the parts this share needs: PostgreSQL sets up every part of a statement on every run.
  const parts = [
    `new_share as (select nextval('share_id_seq') as id)`,
    appended.sql,
    `stored_share as (
       insert into share (id, sharer_id, url, title, note, author_person_id, author_name, author_handle, author_url,
                          reshare_of_id, original_id, event_id, idempotency_key, request_hash, active_event_id)
       overriding system value
       select n.id, ?::bigint, ?::text, ?::text, ?::text, ?::bigint, ?::text, ?::text, ?::text,
              ${reshareOf ? '?::bigint, ?::bigint' : 'null, n.id'}, f.first, ?::text, ?::text, ${reshareOf ? 'null' : 'f.first'}
         from new_share n, appended_first f
       returning *
     )`,
    // A reshare brings its original's feed item back to the top.
    ...(reshareOf
      ? [`raised as (update share o set active_event_id = greatest(o.active_event_id, f.first) from appended_first f where o.id = ?::bigint)`]
      : []),
    ...(mentions
      ? [`stored_mentions as (insert into share_mention (share_id, person_id) select n.id, unnest(?::bigint[]) from new_share n)`]
      : []),
    ...(notices ? [notices.sql] : []),
  ];
  const [row] = await executePrepared<Record<string, unknown> & { event_ids: string[]; notification_ids: string[] }>(
    em,
    `with ${parts.join(',\n     ')}
     select s.*, array(select id::text from appended order by id) as event_ids,
            ${notices ? 'array(select id::text from stored_notices)' : `'{}'::text[]`} as notification_ids
       from stored_share s`,
    [
      ...appended.params,
      share.sharerId,
      share.url,
      share.title,
      share.note,
      share.authorPersonId,
      share.authorName,
      share.authorHandle,
      share.authorUrl,
      ...(reshareOf ? [reshareOf.id, reshareOf.originalId] : []),
      share.idempotencyKey,
      share.requestHash,
      ...(reshareOf ? [reshareOf.originalId] : []),
      ...(mentions ? [bigintArray(options.mentionIds)] : []),
      ...(notices?.params ?? []),
    ],
  );
  announceAfterCommit(em, EVENT_CHANNEL, row!.event_ids);
  announceAfterCommit(em, NOTIFICATION_CHANNEL, row!.notification_ids);
  // The answer is only rendered: made unmanaged, as the feed's reads are (a tenth of a share's time in Node).
  return rowReader(em, ShareEntity)(row!);
}

/**
 * Reshares a share (an original or a reshare) with an optional note. The
 * RESHARED event is caused by the reshared share's event, so a reshare of
 * a reshare extends the chain. Your own share, or any reshare of an
 * original you shared, is already yours: BAD_USER_INPUT.
 */
export async function reshare(
  em: EntityManager,
  viewer: Viewer,
  shareId: string | null,
  input: { note?: string | null; idempotencyKey?: string | null },
): Promise<ShareEntity> {
  const parsed = Reshare.safeParse(input);
  if (!parsed.success) throw invalid(zodProblems(parsed.error));
  const { note } = parsed.data;
  const key = parsed.data.idempotencyKey ?? null;
  const hash = key === null ? null : requestHash('reshare', { shareId, note });
  const earlier = await replayed(em, viewer, key, hash);
  if (earlier) return earlier;

  const seen = await shareSeenBy(em, viewer, shareId);
  const target = seen.share;
  const original = target.originalId === target.id ? target : (await shareSeenBy(em, viewer, target.originalId)).share;
  if (target.sharerId === viewer.person.id || original.sharerId === viewer.person.id) {
    throw badInput('You cannot reshare your own share.', [{ field: 'shareId', message: 'is your own share' }]);
  }
  // A reshare goes to the whole feed, and shows what it reshares: a share
  // meant for some people stays with them.
  if (!seen.isPublic) {
    throw badInput('Only a share to everyone can be reshared.', [{ field: 'shareId', message: 'is shared with some people only' }]);
  }

  const reshared: BatchEvent = {
    kind: EventKind.RESHARED,
    actorId: viewer.person.id,
    subjectPersonId: target.sharerId,
    subjectShareId: NEW_SHARE_ID,
    causeId: target.eventId,
  };
  const share = {
    sharerId: viewer.person.id,
    url: original.url,
    title: original.title,
    note,
    authorPersonId: null,
    authorName: null,
    authorHandle: null,
    authorUrl: null,
    idempotencyKey: key,
    requestHash: hash,
  };
  return storeOnce(em, viewer, key, hash, () =>
    storeShare(em, share, [reshared], { mentionIds: [], reshareOf: { id: target.id, originalId: original.id } }),
  );
}

/** Thanks the sharer of a share, once per person (again: no change). */
export async function thank(em: EntityManager, viewer: Viewer, shareId: string | null): Promise<ShareEntity> {
  const { share, isPublic, audience } = await shareSeenBy(em, viewer, shareId);
  if (share.sharerId === viewer.person.id) {
    throw badInput('You cannot thank yourself.', [{ field: 'shareId', message: 'is your own share' }]);
  }
  const [already] = await em.execute(`select 1 from share_thanks where share_id = ? and person_id = ?`, [
    share.id,
    viewer.person.id,
  ]);
  if (already) return share;
  await em
    .transactional(async (tx) => {
      const thanked = await appendEvent(tx, {
        kind: EventKind.THANKED,
        actorId: viewer.person.id,
        subjectPersonId: share.sharerId,
        subjectShareId: share.id,
        causeId: share.eventId,
        // Thanks for a share meant for some people stays among them (the log refuses a public effect of a private cause).
        ...(isPublic ? {} : { visibility: EventVisibility.AUDIENCE, audience }),
      });
      const inserted = await tx.execute<unknown[]>(
        `insert into share_thanks (share_id, person_id, event_id) values (?, ?, ?) on conflict do nothing returning 1`,
        [share.id, viewer.person.id, thanked.id],
      );
      // Thanked meanwhile (a double click): roll the event back.
      if (inserted.length === 0) throw ALREADY_DONE;
      await notifyAbout(tx, thanked);
    })
    .catch(ignoreAlreadyDone);
  return share;
}

/**
 * SHARED and RESHARED events as they happen: first those after `since`
 * (an event id), in order, then live.
 */
export function feedEvents(ctx: Context, since: string | null): AsyncIterableIterator<EventEntity> {
  const kinds: readonly string[] = [EventKind.SHARED, EventKind.RESHARED];
  return liveEvents(ctx, since, {
    sql: `e.kind in ('${EventKind.SHARED}', '${EventKind.RESHARED}')`,
    params: [],
    matches: (event) => kinds.includes(event.kind),
  });
}

// ---------------------------------------------------------------------------

function invalid(problems: FieldProblem[]): AppError {
  const summary = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  return badInput(`Invalid input: ${summary}`, problems);
}

/** NOT_FOUND, naming the first id that is not a member. */
async function requireMembers(em: EntityManager, wanted: { id: string; field: string; what: string }[]): Promise<void> {
  if (wanted.length === 0) return;
  const rows = await em.execute<{ id: string }[]>(`select id from person where id = any(?::bigint[])`, [
    bigintArray([...new Set(wanted.map((w) => w.id))]),
  ]);
  const found = new Set(rows.map((r) => String(r.id)));
  const missing = wanted.find((w) => !found.has(w.id));
  if (missing) {
    throw new AppError('NOT_FOUND', `${missing.what} was not found.`, { fields: [{ field: missing.field, message: 'was not found' }] });
  }
}

/**
 * The event through which the sharer found the author: their follow of the
 * author, else their connection with the author (which may predate the
 * event log), else none: the share starts a new ripple.
 */
async function howSharerFound(em: EntityManager, sharerId: string, authorId: string): Promise<string | null> {
  if (sharerId === authorId) return null;
  const [a, b] = orderedPair(sharerId, authorId);
  const [row] = await executePrepared<{ cause: string | null }>(
    em,
    `select coalesce(
       (select event_id from follow where follower_id = ?::bigint and followee_id = ?::bigint),
       (select event_id from connection where person_a_id = ?::bigint and person_b_id = ?::bigint))::text as cause`,
    [sharerId, authorId, a, b],
  );
  return row?.cause ?? null;
}

/** The share an earlier request with this key stored; CONFLICT if that request was a different one. */
async function replayed(em: EntityManager, viewer: Viewer, key: string | null, hash: string | null): Promise<ShareEntity | null> {
  if (key === null) return null;
  const [row] = await em.execute<Record<string, unknown>[]>(
    `select * from share where sharer_id = ? and idempotency_key = ?`,
    [viewer.person.id, key],
  );
  if (!row) return null;
  const share = em.map(ShareEntity, row);
  if (share.requestHash !== hash) {
    throw conflict('That idempotency key was already used for a different request.', [
      { field: 'idempotencyKey', message: 'was already used for a different request' },
    ]);
  }
  return share;
}

/**
 * Runs a share's write; when a concurrent request with the same key
 * committed first, the unique constraint (sharer_id, idempotency_key) rolls
 * this one back and its answer is the stored share.
 */
async function storeOnce(
  em: EntityManager,
  viewer: Viewer,
  key: string | null,
  hash: string | null,
  write: () => Promise<ShareEntity>,
): Promise<ShareEntity> {
  try {
    return await write();
  } catch (error) {
    if (key === null || !(error instanceof UniqueConstraintViolationException) || !error.message.includes('share_idempotency')) {
      throw error;
    }
    const earlier = await replayed(em, viewer, key, hash);
    if (!earlier) throw error;
    return earlier;
  }
}

const ALREADY_DONE = Symbol('already done');
function ignoreAlreadyDone(error: unknown) {
  if (error !== ALREADY_DONE) throw error;
}
