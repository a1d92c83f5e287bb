import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { appendEvent } from '../events/event-log.js';
import { notifyAbout } from '../notifications/notices.js';
import { EventEntity, EventKind, EventVisibility } from '../events/event.entity.js';
import { canSeeEvent } from '../events/event-visibility.js';
import type { Viewer } from '../graphql/context.js';
import { badInput, conflict, fromZod, notFound } from '../graphql/errors.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { PersonEntity } from './person.entity.js';
import { ProfilePatch } from './profile.schema.js';
import { confirmPassword, type PasswordCheckContext } from '../auth/confirm-password.js';

/** People: the directory, cards, profile edits and follows. */

export async function personByHandle(em: EntityManager, handle: string): Promise<PersonEntity> {
  const person = await em.findOne(PersonEntity, { handle: handle.trim().toLowerCase() });
  if (!person) throw notFound('That person');
  return person;
}

export async function personById(em: EntityManager, id: string | null): Promise<PersonEntity> {
  const person = id ? await em.findOne(PersonEntity, { id }) : null;
  if (!person) throw notFound('That person');
  return person;
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The member directory, by name then id, optionally filtered by name or handle. */
export async function searchPeople(
  em: EntityManager,
  args: { search?: string | null },
  page: PageRequest,
): Promise<Connection<PersonEntity>> {
  const search = args.search?.trim() ? likePattern(args.search.trim()) : null;
  const afterName = page.after ? String(page.after[0]) : null;
  const afterId = cursorId(page, 1);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from person
      where (?::text is null or name ilike ? or handle ilike ?)
        and (?::text is null or (lower(name), id) > (?, ?::bigint))
      order by lower(name), id
      limit ?`,
    [search, search, search, afterName, afterName, afterId, page.first + 1],
  );
  const people = rows.map((row) => em.map(PersonEntity, row));
  return toConnection(people, page.first, (p) => [p.name.toLowerCase(), p.id], (p) => p, page.after !== null);
}

/** Followers (or followed people) of one person, newest follow first. */
export async function followList(
  em: EntityManager,
  personId: string,
  direction: 'followers' | 'following',
  page: PageRequest,
): Promise<Connection<PersonEntity>> {
  const [mine, theirs] = direction === 'followers' ? ['followee_id', 'follower_id'] : ['follower_id', 'followee_id'];
  const afterEvent = cursorId(page);
  const rows = await em.execute<(Record<string, unknown> & { follow_event_id: string })[]>(
    `select p.*, f.event_id as follow_event_id
       from follow f join person p on p.id = f.${theirs}
      where f.${mine} = ? and (?::bigint is null or f.event_id < ?::bigint)
      order by f.event_id desc
      limit ?`,
    [personId, afterEvent, afterEvent, page.first + 1],
  );
  return toConnection(
    rows,
    page.first,
    (row) => [String(row.follow_event_id)],
    (row) => em.map(PersonEntity, row),
    page.after !== null,
  );
}

/**
 * Edits the viewer's card. A new email needs the current password (it is
 * how an account is taken over): checked and budgeted like a sign-in.
 */
export async function updateProfile(
  em: EntityManager,
  viewer: Viewer,
  input: Record<string, unknown>,
  passwordCheck: PasswordCheckContext,
): Promise<PersonEntity> {
  const { currentPassword, ...fields } = input;
  // GraphQL null means "clear" only for optional fields; for required ones it means "unchanged".
  const cleaned = Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => value !== undefined && !(value === null && !['avatarUrl', 'phone'].includes(key))),
  );
  const parsed = ProfilePatch.safeParse(cleaned);
  if (!parsed.success) throw fromZod(parsed.error);
  const person = await personById(em, viewer.person.id);
  if (parsed.data.email !== undefined && parsed.data.email !== person.email) {
    const given = typeof currentPassword === 'string' ? currentPassword : null;
    await confirmPassword(em, person, given, passwordCheck, 'to change your email');
  }
  em.assign(person, parsed.data);
  try {
    await em.flush();
  } catch (error) {
    throw uniqueConflict(error) ?? error;
  }
  return person;
}

/** Maps a duplicate handle or email to a CONFLICT that names the field. */
export function uniqueConflict(error: unknown) {
  if (!(error instanceof UniqueConstraintViolationException)) return null;
  if (error.message.includes('person_handle_unique')) {
    return conflict('That handle is taken.', [{ field: 'handle', message: 'is taken' }]);
  }
  if (error.message.includes('person_email_unique')) {
    return conflict('That email already has an account.', [{ field: 'email', message: 'already has an account' }]);
  }
  return null;
}

/**
 * Follows a person; following again changes nothing. `via` is the event
 * that led here (a share card, say): it becomes the FOLLOWED event's cause,
 * so the follow joins that event's ripple.
 */
export async function follow(
  em: EntityManager,
  viewer: Viewer,
  personId: string | null,
  viaEventId: string | null,
): Promise<PersonEntity> {
  const person = await personById(em, personId);
  if (person.id === viewer.person.id) {
    throw badInput('You cannot follow yourself.', [{ field: 'personId', message: 'is you' }]);
  }
  if (viaEventId !== null) {
    // Only a public event may cause a public act: a private one (an introduction
    // ask the viewer was shown, say) would otherwise surface in a public ripple.
    // Refused exactly like a missing one, so nobody learns it exists.
    const via = await em.findOne(EventEntity, { id: viaEventId });
    if (!via || via.visibility !== EventVisibility.PUBLIC) throw notFound('The event in `via`');
  }
  await em
    .transactional(async (tx) => {
      const event = await appendEvent(tx, {
        kind: EventKind.FOLLOWED,
        actorId: viewer.person.id,
        subjectPersonId: person.id,
        causeId: viaEventId !== null && !(await followedThroughBefore(tx, viewer.person.id, person.id, viaEventId)) ? viaEventId : null,
      });
      const inserted = await tx.execute<unknown[]>(
        `insert into follow (follower_id, followee_id, event_id) values (?, ?, ?)
         on conflict do nothing returning 1`,
        [viewer.person.id, person.id, event.id],
      );
      // Already following: roll the event back, so a double click records one follow.
      if (inserted.length === 0) throw ALREADY_DONE;
      await notifyAbout(tx, event);
    })
    .catch(ignoreAlreadyDone);
  return person;
}

/**
 * Whether the follower already followed this person through the ripple
 * `via` belongs to. Then a re-follow (after an unfollow) stands alone: one
 * person's follow/unfollow cycles must not grow a ripple or its figures.
 * Reads the follower's own events (event_actor_idx), never the tree.
 */
async function followedThroughBefore(em: EntityManager, followerId: string, followeeId: string, viaEventId: string): Promise<boolean> {
  const [row] = await em.execute(
    `select 1 from event e, event via
      where via.id = ? and e.actor_id = ? and e.kind = 'FOLLOWED' and e.subject_person_id = ? and e.root_id = via.root_id
      limit 1`,
    [viaEventId, followerId, followeeId],
  );
  return row !== undefined;
}

/** Stops following; unfollowing someone not followed changes nothing. */
export async function unfollow(em: EntityManager, viewer: Viewer, personId: string | null): Promise<PersonEntity> {
  const person = await personById(em, personId);
  await em.transactional(async (tx) => {
    const deleted = await tx.execute<unknown[]>(
      `delete from follow where follower_id = ? and followee_id = ? returning 1`,
      [viewer.person.id, person.id],
    );
    if (deleted.length > 0) {
      // Private: nobody is told they were unfollowed.
      await appendEvent(tx, {
        kind: EventKind.UNFOLLOWED,
        actorId: viewer.person.id,
        subjectPersonId: person.id,
        visibility: EventVisibility.AUDIENCE,
        audience: [viewer.person.id],
      });
    }
  });
  return person;
}

const ALREADY_DONE = Symbol('already done');
function ignoreAlreadyDone(error: unknown) {
  if (error !== ALREADY_DONE) throw error;
}
