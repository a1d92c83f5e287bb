import { createHash } from 'node:crypto';
import { z } from 'zod';
import { webUrl } from '../people/profile.schema.js';
import { displayText, manyLines, oneLine } from '../people/text.schema.js';
import type { FieldProblem } from '../graphql/errors.js';

/** The rules for what a share may hold. */
export const SHARE_LIMITS = {
  title: 200,
  note: 2000,
  authorName: 80,
  authorHandle: 80,
  mentions: 20,
  idempotencyKey: 100,
} as const;

const max = (n: number) => z.string().trim().max(n, `must be at most ${n} characters`);
const within = <T extends z.ZodString>(text: T, n: number) => text.max(n, `must be at most ${n} characters`);
/** An optional text: absent, null and blank all mean "none". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullish());
const note = z.preprocess((value) => value ?? '', within(manyLines(), SHARE_LIMITS.note));
const idempotencyKey = optional(max(SHARE_LIMITS.idempotencyKey));

/** shareWork's input once global ids are local ids (a malformed id is the missing person '0'). */
export const ShareWork = z.object({
  url: webUrl,
  title: within(oneLine().min(1, 'must not be empty'), SHARE_LIMITS.title),
  note,
  authorId: z.string().nullish(),
  authorName: optional(within(displayText(), SHARE_LIMITS.authorName)),
  authorHandle: optional(within(displayText(), SHARE_LIMITS.authorHandle)),
  authorUrl: optional(webUrl),
  mentionIds: z
    .array(z.string())
    .max(SHARE_LIMITS.mentions, `at most ${SHARE_LIMITS.mentions} people`)
    .nullish()
    .transform((ids) => ids ?? []),
  idempotencyKey,
});
/** What shareWork is given, before validation. */
export interface ShareWorkArgs {
  url: string;
  title: string;
  note?: string | null;
  authorId?: string | null;
  authorName?: string | null;
  authorHandle?: string | null;
  authorUrl?: string | null;
  mentionIds?: string[] | null;
  idempotencyKey?: string | null;
}

export const Reshare = z.object({ note, idempotencyKey });

/**
 * The author is a member or an outside name, never both, never neither;
 * an outside author's handle and link make no sense for a member.
 */
export function authorProblems(input: ShareWorkArgs): FieldProblem[] {
  const blank = (value: unknown) => value == null || (typeof value === 'string' && value.trim() === '');
  const member = !blank(input.authorId);
  const outside = !blank(input.authorName);
  if (member === outside) {
    const message = member
      ? 'give either a member (authorId) or an outside author (authorName), not both'
      : 'credit the author: a member (authorId) or an outside author (authorName)';
    return [
      { field: 'authorId', message },
      { field: 'authorName', message },
    ];
  }
  if (member) {
    return (['authorHandle', 'authorUrl'] as const)
      .filter((field) => !blank(input[field]))
      .map((field) => ({ field, message: 'is only for an author who is not a member' }));
  }
  return [];
}

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

/**
 * A stable fingerprint of what was asked, stored beside the idempotency key:
 * a replay with the same key and fingerprint is the same request; with a
 * different fingerprint it is a reused key.
 */
export function requestHash(operation: string, normalised: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(normalised).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify([operation, sorted])).digest('hex');
}
