import { z } from 'zod';
import { IntroductionMode } from './introduction.entity.js';
import { manyLines } from '../people/text.schema.js';

export const LIMITS = { reason: 1_000, note: 1_000, message: 2_000, idempotencyKey: 100 } as const;

const optionalNote = manyLines()
  .max(LIMITS.note, `must be at most ${LIMITS.note} characters`)
  .nullish()
  .transform((v) => (v ? v : null));

/** A local person id, written one way ("0012" is person 12), so ids compare as strings. */
const personId = z.string().transform((id) => (/^\d{1,19}$/.test(id) ? BigInt(id).toString() : id));

export const ProposeIntroduction = z.object({
  personAId: personId,
  personBId: personId,
  reason: manyLines()
    .min(1, 'say why these two should meet')
    .max(LIMITS.reason, `must be at most ${LIMITS.reason} characters`),
  noteForA: optionalNote,
  noteForB: optionalNote,
  mode: z.nativeEnum(IntroductionMode).default(IntroductionMode.BOTH_AT_ONCE),
  idempotencyKey: z.string().min(1).max(LIMITS.idempotencyKey).nullish().transform((v) => v ?? null),
});

export type ProposeIntroductionInput = z.input<typeof ProposeIntroduction>;

export const MessageBody = manyLines()
  .min(1, 'must not be empty')
  .max(LIMITS.message, `must be at most ${LIMITS.message} characters`);
