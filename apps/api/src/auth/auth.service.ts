import { hash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEvent } from '../events/event-log.js';
import { EventKind } from '../events/event.entity.js';
import type { Viewer } from '../graphql/context.js';
import { AppError, fromZod } from '../graphql/errors.js';
import { PersonEntity } from '../people/person.entity.js';
import { uniqueConflict } from '../people/people.service.js';
import { ChangePassword, SignIn, SignUp } from '../people/profile.schema.js';
import { hashPassword, verifyPassword } from './password.js';
import type { RateLimits } from './rate-limits.js';
import { confirmPassword, type PasswordCheckContext } from './confirm-password.js';
import { SessionEntity } from './session.entity.js';
import { SESSION_CHANNEL } from '../live/event-bus.js';
import { announceAfterCommit, notifySql } from '../live/announce.js';
import type { SessionCache } from './session-cache.js';

/**
 * Accounts and sessions. A session token is 32 random bytes, given to the
 * client once; the database keeps only its SHA-256, so a leaked table
 * cannot be replayed as sessions.
 */

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
  person: PersonEntity;
}

export function hashToken(token: string): string {
  // One-shot: a third of createHash().update().digest() per signed-in request.
  return hash('sha256', token, 'hex');
}

/** A new session for this person (sign-up, sign-in, and the demo sign-in in demo/). */
export async function issueSession(em: EntityManager, person: PersonEntity, days: number): Promise<IssuedSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const session = em.create(SessionEntity, { tokenHash: hashToken(token), personId: person.id, expiresAt });
  await em.flush();
  return { token, sessionId: session.id, expiresAt, person };
}

export async function signUp(
  em: EntityManager,
  input: unknown,
  context: { clientAddress: string; limits: RateLimits; sessionDays: number },
): Promise<IssuedSession> {
  const parsed = SignUp.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  const { password, ...profile } = parsed.data;
  // Before the hash: each sign-up costs 19 MiB and tens of milliseconds of CPU.
  await context.limits.beforeSignUp(context.clientAddress);
  const passwordHash = await hashPassword(password);
  try {
    return await em.transactional(async (tx) => {
      const person = await createAccount(tx, { ...profile, passwordHash });
      return issueSession(tx, person, context.sessionDays);
    });
  } catch (error) {
    throw uniqueConflict(error) ?? error;
  }
}

/** Stores a new member and their JOINED event, inside the caller's transaction. */
export async function createAccount(
  tx: EntityManager,
  account: Pick<PersonEntity, 'name' | 'handle' | 'email' | 'passwordHash'> &
    Partial<Pick<PersonEntity, 'headline' | 'bio' | 'links' | 'phone' | 'avatarUrl'>>,
): Promise<PersonEntity> {
  const person = tx.create(PersonEntity, account);
  await tx.flush();
  await appendEvent(tx, { kind: EventKind.JOINED, actorId: person.id });
  return person;
}

export async function signIn(
  em: EntityManager,
  input: unknown,
  context: PasswordCheckContext & { sessionDays: number },
): Promise<IssuedSession> {
  const parsed = SignIn.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  const { email, password } = parsed.data;
  // Taken before the hash is checked: concurrent guesses cannot all get through.
  await context.limits.beforePasswordCheck(context.clientAddress, email);
  const person = await em.findOne(PersonEntity, { email }, { populate: ['passwordHash'] });
  const ok = (await verifyPassword(person?.passwordHash ?? null, password)) && person !== null;
  await context.limits.afterPasswordCheck(context.clientAddress, email, ok);
  if (!ok) throw new AppError('UNAUTHENTICATED', 'That email and password do not match an account.');
  return issueSession(em, person, context.sessionDays);
}

/**
 * Changes the viewer's password after checking the current one (budgeted
 * like a sign-in), and ends every other session of theirs: whoever else
 * knew the old password is signed out, here at once (`sessions`) and on
 * every other instance through the event bus (the NOTIFY commits with the
 * deletion). Resolves with how many ended.
 */
export async function changePassword(
  em: EntityManager,
  viewer: Viewer,
  input: unknown,
  context: PasswordCheckContext & { sessions: SessionCache },
): Promise<number> {
  const parsed = ChangePassword.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  // A viewer recalled from the session cache holds only the id; the budgets need the email.
  const person = await em.findOneOrFail(PersonEntity, { id: viewer.person.id });
  await confirmPassword(em, person, parsed.data.currentPassword, context);
  const passwordHash = await hashPassword(parsed.data.newPassword);
  const ended = await em.transactional(async (tx) => {
    await tx.nativeUpdate(PersonEntity, { id: viewer.person.id }, { passwordHash });
    const ended = await tx.execute<{ id: string }[]>(
      `with ended as (delete from session where person_id = ? and id <> ? returning id)
       select id::text, ${notifySql(tx, SESSION_CHANNEL, 'id')} from ended`,
      [viewer.person.id, viewer.sessionId],
    );
    announceAfterCommit(tx, SESSION_CHANNEL, ended.map((row) => row.id));
    return ended;
  });
  context.sessions.forgetSessions(ended.map((row) => row.id));
  return ended.length;
}

/** Ends the session, here at once and elsewhere over the bus; live streams riding on it stop at their next event. */
export async function signOut(em: EntityManager, viewer: Viewer, sessions: SessionCache): Promise<void> {
  const ended = await em.execute<{ id: string }[]>(
    `with ended as (delete from session where id = ? returning id)
     select id::text, ${notifySql(em, SESSION_CHANNEL, 'id')} from ended`,
    [viewer.sessionId],
  );
  announceAfterCommit(em, SESSION_CHANNEL, ended.map((row) => row.id));
  sessions.forgetSessions([viewer.sessionId]);
}

/** The viewer a token stands for, or null if it is unknown or expired. One query. */
export async function viewerForToken(em: EntityManager, token: string | null): Promise<Viewer | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const [row] = await em.execute<(Record<string, unknown> & { session_id: string; session_expires_at: Date | string })[]>(
    `select p.*, s.id as session_id, s.expires_at as session_expires_at from session s join person p on p.id = s.person_id
      where s.token_hash = ? and s.expires_at > now()`,
    [hashToken(token)],
  );
  if (!row) return null;
  return { person: em.map(PersonEntity, row), sessionId: String(row.session_id), expiresAt: new Date(row.session_expires_at) };
}

const MAX_TOKEN_LENGTH = 200;

/**
 * The viewer a token stands for, from the session cache when this instance
 * validated it moments ago (no SQL, and no EntityManager until someone reads
 * `viewer.person`, which is then a reference holding the id: the `viewer`
 * query loads the rest when asked for more), else from the database (one
 * query), remembered for the next request.
 */
export async function viewerFor(token: string | null, em: () => EntityManager, sessions: SessionCache | null): Promise<Viewer | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const tokenHash = sessions ? hashToken(token) : '';
  const remembered = sessions?.recall(tokenHash);
  if (remembered) {
    let person: PersonEntity | undefined;
    return {
      get person() {
        return (person ??= em().getReference(PersonEntity, remembered.personId));
      },
      personId: remembered.personId,
      sessionId: remembered.sessionId,
      expiresAt: new Date(remembered.expiresAt),
    };
  }
  const viewer = await viewerForToken(em(), token);
  if (viewer && sessions) {
    sessions.remember(tokenHash, { sessionId: viewer.sessionId, personId: viewer.person.id, expiresAt: viewer.expiresAt!.getTime() });
  }
  return viewer;
}

/** Reads a session token from `Authorization: Bearer …` or the session cookie. */
export function tokenFrom(authorization: unknown, cookieToken: string | undefined): string | null {
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (match) return match[1]!;
  }
  return cookieToken ?? null;
}

export const SESSION_COOKIE = 'ripple_session';
